/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for crypto.c: the key file (creation, mode, format,
 * refusal to overwrite or to load an unsafe or malformed file), the
 * default key path, encryption and keyed hashing of personnummer, and
 * the on-disk formats, which are checked against libsodium directly
 * because databases depend on them.  All files live in one mkdtemp(3)
 * directory removed by the group teardown.
 */
#include "compat.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "finsam/alloc.h"
#include "finsam/crypto.h"
#include "finsam/err.h"

#define PNR "191212121212"
#define PNR2 "198501721248"
#define MAGIC "finsam-nyckel 1\n"

static char tmpdir[256];

static int
group_setup(void **state)
{
	const char *base = getenv("TMPDIR");
	struct fs_err err = FS_ERR_INIT;

	(void)state;
	if (fs_crypto_init(&err) != FS_OK)
		return -1;
	if (base == NULL || *base == '\0')
		base = "/tmp";
	snprintf(tmpdir, sizeof(tmpdir), "%s/finsam-test-crypto-XXXXXX",
	    base);
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	return 0;
}

static int
group_teardown(void **state)
{
	DIR *d;
	struct dirent *e;
	char p[512];

	(void)state;
	d = opendir(tmpdir);
	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", tmpdir, e->d_name);
		(void)unlink(p);
	}
	(void)closedir(d);
	return rmdir(tmpdir);
}

/* A fresh path in the test directory; name must be unique per test. */
static const char *
path(const char *name)
{
	static char p[512];

	snprintf(p, sizeof(p), "%s/%s", tmpdir, name);
	return p;
}

/* Create a key file at name and load it. */
static struct fs_keys *
newkeys(const char *name)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_keys *k = NULL;
	char p[512];

	snprintf(p, sizeof(p), "%s", path(name));
	assert_int_equal(fs_keys_create(p, &err), FS_OK);
	assert_int_equal(fs_keys_load(p, &k, &err), FS_OK);
	assert_non_null(k);
	return k;
}

/* Read up to cap - 1 bytes of the file at p into buf, NUL-terminated. */
static size_t
slurp(const char *p, char *buf, size_t cap)
{
	FILE *f = fopen(p, "rb");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, cap - 1, f);
	buf[n] = '\0';
	fclose(f);
	return n;
}

/* Write n bytes to a new file at p with the given mode. */
static void
writefile(const char *p, const char *text, size_t n, mode_t mode)
{
	int fd = open(p, O_WRONLY | O_CREAT | O_EXCL, mode);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, n), (ssize_t)n);
	assert_int_equal(fchmod(fd, mode), 0);
	assert_int_equal(close(fd), 0);
}

/* The master key of the key file at p, decoded from its hex line. */
static void
master_of(const char *p, unsigned char master[32])
{
	char text[128];
	size_t binlen = 0;

	assert_int_equal(slurp(p, text, sizeof(text)), 81);
	assert_int_equal(sodium_hex2bin(master, 32, text + 16, 64, NULL,
	    &binlen, NULL), 0);
	assert_int_equal(binlen, 32);
}

static void
test_keys_create_writes_mode_0600_and_version_1_format(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct stat st;
	char text[256];
	size_t n;

	(void)state;
	assert_int_equal(fs_keys_create(path("format"), &err), FS_OK);
	assert_int_equal(stat(path("format"), &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	n = slurp(path("format"), text, sizeof(text));
	assert_int_equal(n, 81);
	assert_memory_equal(text, MAGIC, 16);
	for (size_t i = 16; i < 80; i++)
		assert_non_null(strchr("0123456789abcdef", text[i]));
	assert_int_equal(text[80], '\n');
}

static void
test_keys_create_gives_a_new_key_each_time(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	char a[128], b[128];

	(void)state;
	assert_int_equal(fs_keys_create(path("new1"), &err), FS_OK);
	assert_int_equal(fs_keys_create(path("new2"), &err), FS_OK);
	slurp(path("new1"), a, sizeof(a));
	slurp(path("new2"), b, sizeof(b));
	assert_string_not_equal(a, b);
}

static void
test_keys_create_sets_mode_0600_whatever_the_umask(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct stat st;
	mode_t old;

	(void)state;
	/* A umask that would leave the owner unable to read the key. */
	old = umask(0777);
	assert_int_equal(fs_keys_create(path("umask"), &err), FS_OK);
	umask(old);
	assert_int_equal(stat(path("umask"), &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
}

static void
test_keys_create_refuses_to_overwrite(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	char before[128], after[128];

	(void)state;
	assert_int_equal(fs_keys_create(path("twice"), &err), FS_OK);
	slurp(path("twice"), before, sizeof(before));
	assert_int_equal(fs_keys_create(path("twice"), &err), FS_ECONFLICT);
	assert_int_equal(err.rc, FS_ECONFLICT);
	assert_string_equal(err.field, "nyckelfil");
	assert_non_null(strstr(err.msg, "nyckelfil"));
	slurp(path("twice"), after, sizeof(after));
	assert_string_equal(before, after);
}

static void
test_keys_create_refuses_to_overwrite_any_file(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	char text[64];

	(void)state;
	writefile(path("other"), "annat\n", 6, 0644);
	assert_int_equal(fs_keys_create(path("other"), &err), FS_ECONFLICT);
	assert_string_equal(err.field, "nyckelfil");
	slurp(path("other"), text, sizeof(text));
	assert_string_equal(text, "annat\n");
}

static void
test_keys_create_fails_with_eio_in_missing_directory(void **state)
{
	struct fs_err err = FS_ERR_INIT;

	(void)state;
	assert_int_equal(fs_keys_create(path("saknas/nyckel"), &err), FS_EIO);
	assert_string_equal(err.field, "nyckelfil");
}

static void
test_keys_load_reports_missing_file_with_remedy(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_keys *k = (struct fs_keys *)&err;

	(void)state;
	assert_int_equal(fs_keys_load(path("missing"), &k, &err), FS_EIO);
	assert_null(k);
	assert_string_equal(err.field, "nyckelfil");
	assert_non_null(strstr(err.msg, "nyckelfilen saknas"));
	assert_non_null(strstr(err.msg, "finsam init"));
	assert_non_null(strstr(err.msg, "FINSAM_NYCKEL"));
}

static void
test_keys_load_refuses_group_or_other_access(void **state)
{
	static const mode_t modes[] = { 0644, 0640, 0604, 0620, 0602, 0610,
		0601, 0660, 0666 };
	char name[32];

	(void)state;
	for (size_t i = 0; i < FS_NELEM(modes); i++) {
		struct fs_err err = FS_ERR_INIT;
		struct fs_keys *k = NULL;

		snprintf(name, sizeof(name), "mode%zu", i);
		assert_int_equal(fs_keys_create(path(name), &err), FS_OK);
		assert_int_equal(chmod(path(name), modes[i]), 0);
		assert_int_equal(fs_keys_load(path(name), &k, &err),
		    FS_EINVAL);
		assert_null(k);
		assert_string_equal(err.field, "nyckelfil");
		assert_non_null(strstr(err.msg, "chmod 600"));
	}
}

static void
test_keys_load_accepts_mode_0400(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_keys *k = NULL;

	(void)state;
	assert_int_equal(fs_keys_create(path("ro"), &err), FS_OK);
	assert_int_equal(chmod(path("ro"), 0400), 0);
	assert_int_equal(fs_keys_load(path("ro"), &k, &err), FS_OK);
	fs_keys_free(k);
}

static void
test_keys_load_refuses_wrong_format(void **state)
{
	static const char *const bad[] = {
		"",
		"garbage\n",
		"finsam-nyckel 1\n",
		"finsam-nyckel 2\n"
		"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n",
		"finsam-nyckel 1\n"
		"00112233445566778899aabbccddeeff00112233445566778899aabbccddeef\n",
		"finsam-nyckel 1\n"
		"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff0\n",
		"finsam-nyckel 1\n"
		"00112233445566778899aabbccddeeff00112233445566778899aabbccddeefg\n",
		"finsam-nyckel 1\n"
		"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n"
		"\n",
		"finsam-nyckel 1\r\n"
		"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n",
		"finsam-nyckel 1\n"
		"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\r\n",
		" finsam-nyckel 1\n"
		"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n",
		"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n",
		"finsam-nyckel 1 "
		"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n",
		"finsam-nyckel 1\n"
		"00112233445566778899aabbccddeeff 0112233445566778899aabbccddeeff\n",
		/* Right length, but the last byte is not the newline. */
		"finsam-nyckel 1\n"
		"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff0",
		"finsam-nyckel 1\n"
		"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\r",
	};
	char name[32];

	(void)state;
	for (size_t i = 0; i < FS_NELEM(bad); i++) {
		struct fs_err err = FS_ERR_INIT;
		struct fs_keys *k = NULL;

		snprintf(name, sizeof(name), "bad%zu", i);
		writefile(path(name), bad[i], strlen(bad[i]), 0600);
		if (fs_keys_load(path(name), &k, &err) != FS_EINVAL)
			fail_msg("case %zu accepted or wrong code", i);
		assert_null(k);
		assert_string_equal(err.field, "nyckelfil");
		assert_non_null(strstr(err.msg, "fel format"));
		/* Key material never reaches a message. */
		assert_null(strstr(err.msg, "00112233"));
	}
}

static void
test_keys_load_refuses_binary_and_oversized_files(void **state)
{
	char big[4096];
	unsigned char bin[81];
	struct fs_err err = FS_ERR_INIT;
	struct fs_keys *k = NULL;

	(void)state;
	memset(big, 'a', sizeof(big));
	memcpy(big, MAGIC, 16);
	writefile(path("big"), big, sizeof(big), 0600);
	assert_int_equal(fs_keys_load(path("big"), &k, &err), FS_EINVAL);
	assert_null(k);
	randombytes_buf(bin, sizeof(bin));
	writefile(path("bin"), (const char *)bin, sizeof(bin), 0600);
	assert_int_equal(fs_keys_load(path("bin"), &k, &err), FS_EINVAL);
	assert_null(k);
}

static void
test_keys_load_refuses_a_directory(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_keys *k = NULL;

	(void)state;
	assert_int_equal(fs_keys_load(tmpdir, &k, &err), FS_EINVAL);
	assert_null(k);
	assert_string_equal(err.field, "nyckelfil");
}

static void
test_keys_load_accepts_missing_final_newline_and_upper_case(void **state)
{
	static const char text[] = "finsam-nyckel 1\n"
	    "00112233445566778899AABBCCDDEEFF00112233445566778899aabbccddeeff";
	static const char text2[] = "finsam-nyckel 1\n"
	    "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n";
	struct fs_err err = FS_ERR_INIT;
	struct fs_keys *a = NULL, *b = NULL;
	unsigned char fa[FS_KEY_FINGERPRINT_LEN], fb[FS_KEY_FINGERPRINT_LEN];

	(void)state;
	writefile(path("nonl"), text, strlen(text), 0600);
	writefile(path("nl"), text2, strlen(text2), 0600);
	assert_int_equal(fs_keys_load(path("nonl"), &a, &err), FS_OK);
	assert_int_equal(fs_keys_load(path("nl"), &b, &err), FS_OK);
	fs_keys_fingerprint(a, fa);
	fs_keys_fingerprint(b, fb);
	assert_memory_equal(fa, fb, sizeof(fa));
	fs_keys_free(a);
	fs_keys_free(b);
}

static void
test_keys_free_accepts_null(void **state)
{
	(void)state;
	fs_keys_free(NULL);
}

static void
test_pnr_encrypt_decrypt_roundtrip(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_keys *k = newkeys("roundtrip");
	unsigned char c[FS_PNR_CIPHER_LEN];
	char out[13];

	(void)state;
	fs_keys_pnr_encrypt(k, PNR, c);
	memset(out, 'x', sizeof(out));
	assert_int_equal(fs_keys_pnr_decrypt(k, c, sizeof(c), out, &err),
	    FS_OK);
	assert_string_equal(out, PNR);
	fs_keys_pnr_encrypt(k, PNR2, c);
	assert_int_equal(fs_keys_pnr_decrypt(k, c, sizeof(c), out, &err),
	    FS_OK);
	assert_string_equal(out, PNR2);
	fs_keys_free(k);
}

static void
test_pnr_encryptions_differ_but_hash_is_equal(void **state)
{
	struct fs_keys *k = newkeys("nonce");
	unsigned char c1[FS_PNR_CIPHER_LEN], c2[FS_PNR_CIPHER_LEN];
	unsigned char h1[FS_PNR_HASH_LEN], h2[FS_PNR_HASH_LEN];
	unsigned char h3[FS_PNR_HASH_LEN];

	(void)state;
	fs_keys_pnr_encrypt(k, PNR, c1);
	fs_keys_pnr_encrypt(k, PNR, c2);
	assert_memory_not_equal(c1, c2, sizeof(c1));
	/* The nonces themselves differ, not only the rest. */
	assert_memory_not_equal(c1, c2, 24);
	fs_keys_pnr_hash(k, PNR, h1);
	fs_keys_pnr_hash(k, PNR, h2);
	assert_memory_equal(h1, h2, sizeof(h1));
	fs_keys_pnr_hash(k, PNR2, h3);
	assert_memory_not_equal(h1, h3, sizeof(h1));
	fs_keys_free(k);
}

/*
 * Encryption with nonces from a pool: every ciphertext decrypts, and no
 * nonce repeats, also across refills of the pool.
 */
static void
test_pnr_encrypt_pool_never_repeats_a_nonce(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_keys *k = newkeys("pool");
	struct fs_nonce_pool *pool = malloc(sizeof(*pool));
	enum { N = 3 * FS_NONCE_POOL + 7 };
	unsigned char (*c)[FS_PNR_CIPHER_LEN] = calloc(N, sizeof(*c));
	char out[13];

	(void)state;
	assert_non_null(pool);
	assert_non_null(c);
	fs_nonce_pool_init(pool);
	for (size_t i = 0; i < N; i++) {
		fs_keys_pnr_encrypt_pool(k, i % 2 ? PNR : PNR2, pool, c[i]);
		assert_int_equal(fs_keys_pnr_decrypt(k, c[i], sizeof(c[i]),
		    out, &err), FS_OK);
		assert_string_equal(out, i % 2 ? PNR : PNR2);
	}
	for (size_t i = 0; i < N; i++)
		for (size_t j = i + 1; j < N; j++)
			assert_memory_not_equal(c[i], c[j], FS_PNR_NONCE_LEN);
	free(c);
	free(pool);
	fs_keys_free(k);
}

static void
test_pnr_other_key_gives_other_hash_and_cannot_decrypt(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_keys *a = newkeys("keya");
	struct fs_keys *b = newkeys("keyb");
	unsigned char c[FS_PNR_CIPHER_LEN];
	unsigned char ha[FS_PNR_HASH_LEN], hb[FS_PNR_HASH_LEN];
	char out[13];

	(void)state;
	fs_keys_pnr_hash(a, PNR, ha);
	fs_keys_pnr_hash(b, PNR, hb);
	assert_memory_not_equal(ha, hb, sizeof(ha));
	fs_keys_pnr_encrypt(a, PNR, c);
	assert_int_equal(fs_keys_pnr_decrypt(b, c, sizeof(c), out, &err),
	    FS_EINVAL);
	assert_string_equal(err.field, "personnummer");
	assert_non_null(strstr(err.msg,
	    "personnummer går inte att dekryptera (fel nyckel?)"));
	fs_keys_free(a);
	fs_keys_free(b);
}

static void
test_pnr_decrypt_rejects_any_tampered_byte(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_keys *k = newkeys("tamper");
	unsigned char c[FS_PNR_CIPHER_LEN];
	char out[13];

	(void)state;
	fs_keys_pnr_encrypt(k, PNR, c);
	for (size_t i = 0; i < sizeof(c); i++) {
		c[i] ^= 0x01;
		assert_int_equal(fs_keys_pnr_decrypt(k, c, sizeof(c), out,
		    &err), FS_EINVAL);
		c[i] ^= 0x01;
	}
	assert_int_equal(fs_keys_pnr_decrypt(k, c, sizeof(c), out, &err),
	    FS_OK);
	fs_keys_free(k);
}

static void
test_pnr_decrypt_rejects_wrong_length(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_keys *k = newkeys("length");
	unsigned char c[FS_PNR_CIPHER_LEN + 1];
	char out[13];

	(void)state;
	fs_keys_pnr_encrypt(k, PNR, c);
	c[FS_PNR_CIPHER_LEN] = 0;
	assert_int_equal(fs_keys_pnr_decrypt(k, c, FS_PNR_CIPHER_LEN - 1, out,
	    &err), FS_EINVAL);
	assert_string_equal(err.field, "personnummer");
	assert_int_equal(fs_keys_pnr_decrypt(k, c, FS_PNR_CIPHER_LEN + 1, out,
	    &err), FS_EINVAL);
	assert_int_equal(fs_keys_pnr_decrypt(k, c, 0, out, NULL), FS_EINVAL);
	assert_int_equal(fs_keys_pnr_decrypt(k, c, 16, out, NULL), FS_EINVAL);
	fs_keys_free(k);
}

static void
test_pnr_ciphertext_does_not_contain_the_digits(void **state)
{
	struct fs_keys *k = newkeys("clear");
	unsigned char c[FS_PNR_CIPHER_LEN];

	(void)state;
	for (int i = 0; i < 100; i++) {
		fs_keys_pnr_encrypt(k, PNR, c);
		assert_null(memmem(c, sizeof(c), PNR, 12));
		assert_null(memmem(c, sizeof(c), PNR + 2, 10));
		assert_null(memmem(c, sizeof(c), PNR, 8));
		assert_null(memmem(c, sizeof(c), PNR + 4, 8));
	}
	fs_keys_free(k);
}

static void
test_fingerprint_is_stable_across_load_and_differs_per_key(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_keys *a = newkeys("fp");
	struct fs_keys *a2 = NULL;
	struct fs_keys *b = newkeys("fpother");
	unsigned char f1[FS_KEY_FINGERPRINT_LEN], f2[FS_KEY_FINGERPRINT_LEN];
	unsigned char f3[FS_KEY_FINGERPRINT_LEN];

	(void)state;
	assert_int_equal(fs_keys_load(path("fp"), &a2, &err), FS_OK);
	fs_keys_fingerprint(a, f1);
	fs_keys_fingerprint(a2, f2);
	fs_keys_fingerprint(b, f3);
	assert_memory_equal(f1, f2, sizeof(f1));
	assert_memory_not_equal(f1, f3, sizeof(f1));
	fs_keys_free(a);
	fs_keys_free(a2);
	fs_keys_free(b);
}

static void
test_hash_and_ciphertext_survive_reload(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_keys *a = newkeys("reload");
	struct fs_keys *a2 = NULL;
	unsigned char c[FS_PNR_CIPHER_LEN];
	unsigned char h1[FS_PNR_HASH_LEN], h2[FS_PNR_HASH_LEN];
	char out[13];

	(void)state;
	fs_keys_pnr_encrypt(a, PNR, c);
	fs_keys_pnr_hash(a, PNR, h1);
	fs_keys_free(a);
	assert_int_equal(fs_keys_load(path("reload"), &a2, &err), FS_OK);
	assert_int_equal(fs_keys_pnr_decrypt(a2, c, sizeof(c), out, &err),
	    FS_OK);
	assert_string_equal(out, PNR);
	fs_keys_pnr_hash(a2, PNR, h2);
	assert_memory_equal(h1, h2, sizeof(h1));
	fs_keys_free(a2);
}

/*
 * The formats written into databases, recomputed with libsodium from
 * the master key in the file: subkeys from crypto_kdf with context
 * "finsamky", id 1 AEAD (nonce || XChaCha20-Poly1305 with AD
 * "finsam-pnr-v1"), id 2 hash key (the stored hash is the first 16
 * bytes of the keyed BLAKE2b-256), id 3 fingerprint key.
 */
static void
test_formats_match_the_documented_construction(void **state)
{
	struct fs_keys *k = newkeys("pinned");
	unsigned char master[32], sub[32], sub2[32];
	unsigned char c[FS_PNR_CIPHER_LEN], m[12];
	unsigned char h[FS_PNR_HASH_LEN], hw[32];
	unsigned char f[FS_KEY_FINGERPRINT_LEN], fw[FS_KEY_FINGERPRINT_LEN];
	unsigned long long mlen = 0;

	(void)state;
	master_of(path("pinned"), master);

	assert_int_equal(crypto_kdf_derive_from_key(sub, 32, 1, "finsamky",
	    master), 0);
	fs_keys_pnr_encrypt(k, PNR, c);
	assert_int_equal(crypto_aead_xchacha20poly1305_ietf_decrypt(m, &mlen,
	    NULL, c + 24, sizeof(c) - 24, (const unsigned char *)"finsam-pnr-v1",
	    13, c, sub), 0);
	assert_int_equal(mlen, 12);
	assert_memory_equal(m, PNR, 12);

	assert_int_equal(crypto_kdf_derive_from_key(sub, 32, 2, "finsamky",
	    master), 0);
	fs_keys_pnr_hash(k, PNR, h);
	assert_int_equal(crypto_generichash(hw, sizeof(hw),
	    (const unsigned char *)PNR, 12, sub, 32), 0);
	assert_int_equal(sizeof(h), 16);
	assert_memory_equal(h, hw, sizeof(h));

	assert_int_equal(crypto_kdf_derive_from_key(sub, 32, 3, "finsamky",
	    master), 0);
	fs_keys_fingerprint(k, f);
	assert_int_equal(crypto_generichash(fw, sizeof(fw),
	    (const unsigned char *)"finsam-nyckel", 13, sub, 32), 0);
	assert_memory_equal(f, fw, sizeof(f));

	assert_int_equal(crypto_kdf_derive_from_key(sub, 32, 16, "finsamky",
	    master), 0);
	fs_keys_derive(k, 16, sub2);
	assert_memory_equal(sub, sub2, sizeof(sub));

	sodium_memzero(master, sizeof(master));
	sodium_memzero(sub, sizeof(sub));
	fs_keys_free(k);
}

static void
test_pnr_decrypt_rejects_authentic_non_digit_plaintext(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_keys *k = newkeys("nondigit");
	unsigned char master[32], sub[32], c[FS_PNR_CIPHER_LEN];
	char out[13];

	(void)state;
	master_of(path("nondigit"), master);
	assert_int_equal(crypto_kdf_derive_from_key(sub, 32, 1, "finsamky",
	    master), 0);
	randombytes_buf(c, 24);
	assert_int_equal(crypto_aead_xchacha20poly1305_ietf_encrypt(c + 24,
	    NULL, (const unsigned char *)"19121212121x", 12,
	    (const unsigned char *)"finsam-pnr-v1", 13, NULL, c, sub), 0);
	assert_int_equal(fs_keys_pnr_decrypt(k, c, sizeof(c), out, &err),
	    FS_EINVAL);
	assert_string_equal(err.field, "personnummer");
	fs_keys_free(k);
}

static void
test_keys_derive_gives_distinct_subkeys_stable_across_load(void **state)
{
	struct fs_err err = FS_ERR_INIT;
	struct fs_keys *k = newkeys("derive");
	struct fs_keys *k2 = NULL;
	unsigned char a[32], b[32], a2[32];

	(void)state;
	assert_int_equal(fs_keys_load(path("derive"), &k2, &err), FS_OK);
	fs_keys_derive(k, 16, a);
	fs_keys_derive(k, 17, b);
	fs_keys_derive(k2, 16, a2);
	assert_memory_not_equal(a, b, sizeof(a));
	assert_memory_equal(a, a2, sizeof(a));
	fs_keys_free(k);
	fs_keys_free(k2);
}

static void
test_default_path_honours_finsam_nyckel(void **state)
{
	char *p;

	(void)state;
	assert_int_equal(setenv("FINSAM_NYCKEL", "/etc/finsam/nyckel", 1), 0);
	p = fs_keys_default_path("/var/db/finsam.db");
	assert_non_null(p);
	assert_string_equal(p, "/etc/finsam/nyckel");
	free(p);
	assert_int_equal(unsetenv("FINSAM_NYCKEL"), 0);
}

static void
test_default_path_is_db_path_plus_nyckel(void **state)
{
	char *p;

	(void)state;
	assert_int_equal(unsetenv("FINSAM_NYCKEL"), 0);
	p = fs_keys_default_path("/var/db/finsam.db");
	assert_non_null(p);
	assert_string_equal(p, "/var/db/finsam.db.nyckel");
	free(p);
	/* An empty variable counts as unset. */
	assert_int_equal(setenv("FINSAM_NYCKEL", "", 1), 0);
	p = fs_keys_default_path("finsam.db");
	assert_non_null(p);
	assert_string_equal(p, "finsam.db.nyckel");
	free(p);
	assert_int_equal(unsetenv("FINSAM_NYCKEL"), 0);
}

static void
test_default_path_returns_null_when_allocation_fails(void **state)
{
	char *p;

	(void)state;
	assert_int_equal(unsetenv("FINSAM_NYCKEL"), 0);
	/* Fail the 1st, 2nd, ... allocation until none is left to fail. */
	for (unsigned long n = 1;; n++) {
		assert_true(n < 10);
		fs_alloc_fail_after(n);
		p = fs_keys_default_path("/var/db/finsam.db");
		fs_alloc_fail_after(0);
		if (p != NULL) {
			assert_string_equal(p, "/var/db/finsam.db.nyckel");
			free(p);
			break;
		}
	}
	fs_alloc_fail_after(1);
	p = fs_keys_default_path("/var/db/finsam.db");
	fs_alloc_fail_after(0);
	assert_null(p);
	assert_int_equal(setenv("FINSAM_NYCKEL", "/k", 1), 0);
	fs_alloc_fail_after(1);
	p = fs_keys_default_path("/var/db/finsam.db");
	fs_alloc_fail_after(0);
	assert_null(p);
	assert_int_equal(unsetenv("FINSAM_NYCKEL"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    test_keys_create_writes_mode_0600_and_version_1_format),
		cmocka_unit_test(test_keys_create_gives_a_new_key_each_time),
		cmocka_unit_test(test_keys_create_sets_mode_0600_whatever_the_umask),
		cmocka_unit_test(test_keys_create_refuses_to_overwrite),
		cmocka_unit_test(test_keys_create_refuses_to_overwrite_any_file),
		cmocka_unit_test(
		    test_keys_create_fails_with_eio_in_missing_directory),
		cmocka_unit_test(test_keys_load_reports_missing_file_with_remedy),
		cmocka_unit_test(test_keys_load_refuses_group_or_other_access),
		cmocka_unit_test(test_keys_load_accepts_mode_0400),
		cmocka_unit_test(test_keys_load_refuses_wrong_format),
		cmocka_unit_test(
		    test_keys_load_refuses_binary_and_oversized_files),
		cmocka_unit_test(test_keys_load_refuses_a_directory),
		cmocka_unit_test(
		    test_keys_load_accepts_missing_final_newline_and_upper_case),
		cmocka_unit_test(test_keys_free_accepts_null),
		cmocka_unit_test(test_pnr_encrypt_decrypt_roundtrip),
		cmocka_unit_test(test_pnr_encryptions_differ_but_hash_is_equal),
		cmocka_unit_test(test_pnr_encrypt_pool_never_repeats_a_nonce),
		cmocka_unit_test(
		    test_pnr_other_key_gives_other_hash_and_cannot_decrypt),
		cmocka_unit_test(test_pnr_decrypt_rejects_any_tampered_byte),
		cmocka_unit_test(test_pnr_decrypt_rejects_wrong_length),
		cmocka_unit_test(test_pnr_ciphertext_does_not_contain_the_digits),
		cmocka_unit_test(
		    test_fingerprint_is_stable_across_load_and_differs_per_key),
		cmocka_unit_test(test_hash_and_ciphertext_survive_reload),
		cmocka_unit_test(test_formats_match_the_documented_construction),
		cmocka_unit_test(
		    test_pnr_decrypt_rejects_authentic_non_digit_plaintext),
		cmocka_unit_test(
		    test_keys_derive_gives_distinct_subkeys_stable_across_load),
		cmocka_unit_test(test_default_path_honours_finsam_nyckel),
		cmocka_unit_test(test_default_path_is_db_path_plus_nyckel),
		cmocka_unit_test(
		    test_default_path_returns_null_when_allocation_fails),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
