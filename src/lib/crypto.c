/* SPDX-License-Identifier: ISC */
/*
 * The installation key: the key file on disk, the master key and the
 * subkeys derived from it, and the two uses of them on personnummer
 * (XChaCha20-Poly1305 encryption at rest and a keyed BLAKE2b hash for
 * lookups).  Owns struct fs_keys, which lives in libsodium's guarded
 * memory (guard pages, mlock where allowed, read-only once derived)
 * and is wiped by fs_keys_free().
 *
 * Key file format, version 1 (text, 81 bytes):
 *
 *	finsam-nyckel 1\n
 *	<master key, 32 bytes as 64 hex digits>\n
 *
 * Subkeys: crypto_kdf_derive_from_key(.., id, "finsamky", master) with
 * id 1 the AEAD key for personnummer, id 2 the key of the personnummer
 * hash, id 3 the key of the fingerprint; ids from 16 up are handed out
 * by fs_keys_derive().  The ciphertext of a personnummer is
 * nonce (24) || ciphertext (12) || tag (16) with additional data
 * "finsam-pnr-v1".  The stored hash is the first FS_PNR_HASH_LEN bytes
 * of BLAKE2b-256 keyed with subkey 2, so that an older database (which
 * stored all 32) upgrades by truncation in SQL (NNNN-import.sql).  These
 * layouts are stored in databases: changing any of them needs a new
 * version string.
 */
#include "compat.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "finsam/alloc.h"
#include "finsam/buf.h"
#include "finsam/crypto.h"
#include "finsam/err.h"

#define KEY_LEN 32
#define KDF_CONTEXT "finsamky"
#define KDF_ID_PNR_AEAD 1
#define KDF_ID_PNR_HASH 2
#define KDF_ID_FINGERPRINT 3
#define KDF_ID_FREE 16

#define FILE_MAGIC "finsam-nyckel 1"
#define FILE_MAGIC_LEN (sizeof(FILE_MAGIC) - 1)
#define FILE_HEX_LEN ((size_t)KEY_LEN * 2)
/* magic, newline, hex, newline */
#define FILE_LEN (FILE_MAGIC_LEN + 1 + FILE_HEX_LEN + 1)

#define PNR_LEN 12
#define PNR_HASH_FULL 32	/* BLAKE2b output before truncation */
#define PNR_AD "finsam-pnr-v1"
#define FINGERPRINT_TEXT "finsam-nyckel"

#define FIELD "nyckelfil"

_Static_assert(FS_PNR_CIPHER_LEN ==
    crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + PNR_LEN +
    crypto_aead_xchacha20poly1305_ietf_ABYTES, "FS_PNR_CIPHER_LEN");
_Static_assert(KEY_LEN == crypto_kdf_KEYBYTES, "KEY_LEN");
_Static_assert(KEY_LEN == crypto_aead_xchacha20poly1305_ietf_KEYBYTES,
    "aead key length");
_Static_assert(sizeof(KDF_CONTEXT) - 1 == crypto_kdf_CONTEXTBYTES,
    "KDF context length");
_Static_assert(FS_PNR_NONCE_LEN ==
    crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, "FS_PNR_NONCE_LEN");
_Static_assert(PNR_HASH_FULL >= crypto_generichash_BYTES_MIN &&
    PNR_HASH_FULL <= crypto_generichash_BYTES_MAX &&
    FS_PNR_HASH_LEN <= PNR_HASH_FULL, "hash length");
_Static_assert(FS_KEY_FINGERPRINT_LEN >= crypto_generichash_BYTES_MIN,
    "fingerprint length");

/* Allocated with sodium_malloc(); never copied. */
struct fs_keys {
	unsigned char	 master[KEY_LEN];
	unsigned char	 aead[KEY_LEN];	/* KDF_ID_PNR_AEAD */
	unsigned char	 hash[KEY_LEN];	/* KDF_ID_PNR_HASH */
	unsigned char	 fp[KEY_LEN];	/* KDF_ID_FINGERPRINT */
};

/*
 * A short Swedish description of a system error for messages.  Our own
 * table rather than strerror(3), which is neither thread-safe nor
 * Swedish.
 */
static const char *
errtext(int e)
{
	switch (e) {
	case ENOENT:
		return "filen eller katalogen finns inte";
	case EACCES:
	case EPERM:
		return "åtkomst nekad";
	case ENOSPC:
		return "disken är full";
	case EROFS:
		return "filsystemet är skrivskyddat";
	case ENOTDIR:
		return "en del av sökvägen är ingen katalog";
	case EISDIR:
		return "sökvägen är en katalog";
	case ENAMETOOLONG:
		return "sökvägen är för lång";
	case ELOOP:
		return "för många symboliska länkar";
	case EIO:
		return "läs- eller skrivfel på disken";
	default:
		return "systemfel";
	}
}

enum fs_rc
fs_crypto_init(struct fs_err *err)
{
	if (sodium_init() < 0)
		return fs_err_set(err, FS_EIO, NULL,
		    "libsodium går inte att initiera");
	return FS_OK;
}

char *
fs_keys_default_path(const char *dbpath)
{
	const char *env = getenv("FINSAM_NYCKEL");
	struct fs_buf b;

	if (env != NULL && *env != '\0')
		return fs_strdup(env);
	fs_buf_init(&b, 0);
	if (fs_buf_addstr(&b, dbpath) != FS_OK ||
	    fs_buf_addstr(&b, ".nyckel") != FS_OK) {
		fs_buf_release(&b);
		return NULL;
	}
	return fs_buf_detach(&b, NULL);
}

/* Write all of p[0..n) to fd, retrying short writes and EINTR. */
static int
writeall(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

enum fs_rc
fs_keys_create(const char *path, struct fs_err *err)
{
	unsigned char *key = NULL;
	char *text = NULL;
	enum fs_rc rc = FS_OK;
	int fd, e;

	key = sodium_malloc(KEY_LEN);
	text = sodium_malloc(FILE_LEN + 1);
	if (key == NULL || text == NULL) {
		rc = fs_err_set(err, FS_ENOMEM, FIELD,
		    "minnet räcker inte för nyckeln");
		goto out;
	}
	randombytes_buf(key, KEY_LEN);
	memcpy(text, FILE_MAGIC "\n", FILE_MAGIC_LEN + 1);
	sodium_bin2hex(text + FILE_MAGIC_LEN + 1, FILE_HEX_LEN + 1, key,
	    KEY_LEN);
	text[FILE_LEN - 1] = '\n';
	text[FILE_LEN] = '\0';

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			rc = fs_err_set(err, FS_ECONFLICT, FIELD,
			    "nyckelfil finns redan: %s; finsam skriver aldrig "
			    "över en befintlig nyckel", path);
		else
			rc = fs_err_set(err, FS_EIO, FIELD,
			    "nyckelfilen går inte att skapa: %s: %s", path,
			    errtext(errno));
		goto out;
	}
	/* The umask may have narrowed 0600; make sure it is exactly that. */
	if (fchmod(fd, 0600) != 0 || writeall(fd, text, FILE_LEN) != 0 ||
	    fsync(fd) != 0) {
		e = errno;
		(void)close(fd);
		(void)unlink(path);
		rc = fs_err_set(err, FS_EIO, FIELD,
		    "nyckelfilen går inte att skriva: %s: %s", path,
		    errtext(e));
		goto out;
	}
	if (close(fd) != 0) {
		e = errno;
		(void)unlink(path);
		rc = fs_err_set(err, FS_EIO, FIELD,
		    "nyckelfilen går inte att skriva: %s: %s", path,
		    errtext(e));
		goto out;
	}
out:
	sodium_free(key);
	sodium_free(text);
	return rc;
}

/*
 * Read the whole key file from fd into buf (size cap, guarded memory)
 * and set *n.  Returns -1 with errno on a read error; a file longer
 * than cap - 1 is returned cut at cap, which the format check refuses.
 */
static int
readall(int fd, char *buf, size_t cap, size_t *n)
{
	size_t have = 0;

	while (have < cap) {
		ssize_t r = read(fd, buf + have, cap - have);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			break;
		have += (size_t)r;
	}
	*n = have;
	return 0;
}

/* Parse the key file text into master; 0 on success, -1 on bad format. */
static int
parsefile(const char *text, size_t n, unsigned char master[KEY_LEN])
{
	const char *hex, *end = NULL;
	size_t binlen = 0;

	/* The final newline is optional; nothing else may follow. */
	if (n != FILE_LEN && n != FILE_LEN - 1)
		return -1;
	if (n == FILE_LEN && text[FILE_LEN - 1] != '\n')
		return -1;
	if (memcmp(text, FILE_MAGIC "\n", FILE_MAGIC_LEN + 1) != 0)
		return -1;
	hex = text + FILE_MAGIC_LEN + 1;
	if (sodium_hex2bin(master, KEY_LEN, hex, FILE_HEX_LEN, NULL, &binlen,
	    &end) != 0)
		return -1;
	if (binlen != KEY_LEN || end != hex + FILE_HEX_LEN)
		return -1;
	return 0;
}

enum fs_rc
fs_keys_load(const char *path, struct fs_keys **out, struct fs_err *err)
{
	struct fs_keys *k = NULL;
	char *text = NULL;
	struct stat st;
	size_t n = 0;
	enum fs_rc rc = FS_OK;
	int fd = -1;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			rc = fs_err_set(err, FS_EIO, FIELD,
			    "nyckelfilen saknas: %s; skapa databasen med "
			    "finsam init eller ange FINSAM_NYCKEL", path);
		else
			rc = fs_err_set(err, FS_EIO, FIELD,
			    "nyckelfilen går inte att öppna: %s: %s", path,
			    errtext(errno));
		goto out;
	}
	if (fstat(fd, &st) != 0) {
		rc = fs_err_set(err, FS_EIO, FIELD,
		    "nyckelfilen går inte att läsa: %s: %s", path,
		    errtext(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = fs_err_set(err, FS_EINVAL, FIELD,
		    "nyckelfilen är ingen vanlig fil: %s", path);
		goto out;
	}
	if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
		rc = fs_err_set(err, FS_EINVAL, FIELD,
		    "nyckelfilen får bara vara läsbar för ägaren: %s; "
		    "kör chmod 600 på filen", path);
		goto out;
	}

	text = sodium_malloc(FILE_LEN + 1);
	k = sodium_malloc(sizeof(*k));
	if (text == NULL || k == NULL) {
		rc = fs_err_set(err, FS_ENOMEM, FIELD,
		    "minnet räcker inte för nyckeln");
		goto out;
	}
	if (readall(fd, text, FILE_LEN + 1, &n) != 0) {
		rc = fs_err_set(err, FS_EIO, FIELD,
		    "nyckelfilen går inte att läsa: %s: %s", path,
		    errtext(errno));
		goto out;
	}
	if (parsefile(text, n, k->master) != 0) {
		rc = fs_err_set(err, FS_EINVAL, FIELD,
		    "nyckelfilen har fel format: %s; väntade raden \""
		    FILE_MAGIC "\" och en rad med %zu hexadecimala tecken",
		    path, FILE_HEX_LEN);
		goto out;
	}
	if (crypto_kdf_derive_from_key(k->aead, KEY_LEN, KDF_ID_PNR_AEAD,
	    KDF_CONTEXT, k->master) != 0 ||
	    crypto_kdf_derive_from_key(k->hash, KEY_LEN, KDF_ID_PNR_HASH,
	    KDF_CONTEXT, k->master) != 0 ||
	    crypto_kdf_derive_from_key(k->fp, KEY_LEN, KDF_ID_FINGERPRINT,
	    KDF_CONTEXT, k->master) != 0) {
		rc = fs_err_set(err, FS_EIO, FIELD,
		    "nycklarna går inte att härleda");
		goto out;
	}
	/* Nothing writes the keys after this; a stray write faults. */
	(void)sodium_mprotect_readonly(k);
	*out = k;
	k = NULL;
out:
	if (fd >= 0)
		(void)close(fd);
	sodium_free(text);
	sodium_free(k);
	return rc;
}

void
fs_keys_free(struct fs_keys *k)
{
	/* sodium_free() makes the region writable and wipes it. */
	if (k != NULL)
		sodium_free(k);
}

void
fs_keys_fingerprint(const struct fs_keys *k,
    unsigned char out[FS_KEY_FINGERPRINT_LEN])
{
	(void)crypto_generichash(out, FS_KEY_FINGERPRINT_LEN,
	    (const unsigned char *)FINGERPRINT_TEXT,
	    sizeof(FINGERPRINT_TEXT) - 1, k->fp, KEY_LEN);
}

void
fs_keys_pnr_hash(const struct fs_keys *k, const char *pnr12,
    unsigned char out[FS_PNR_HASH_LEN])
{
	unsigned char full[PNR_HASH_FULL];

	(void)crypto_generichash(full, sizeof(full),
	    (const unsigned char *)pnr12, strnlen(pnr12, PNR_LEN), k->hash,
	    KEY_LEN);
	memcpy(out, full, FS_PNR_HASH_LEN);
	sodium_memzero(full, sizeof(full));
}

/* Encrypt pnr12 into out, whose first bytes already hold the nonce. */
static void
encrypt_with_nonce(const struct fs_keys *k, const char *pnr12,
    unsigned char out[FS_PNR_CIPHER_LEN])
{
	unsigned char m[PNR_LEN];
	size_t n;

	/* A shorter string is a caller bug; never read past its end. */
	n = strnlen(pnr12, PNR_LEN);
	(void)FS_NEVER(n != PNR_LEN);
	memset(m, 0, sizeof(m));
	memcpy(m, pnr12, n);
	(void)crypto_aead_xchacha20poly1305_ietf_encrypt(
	    out + FS_PNR_NONCE_LEN, NULL, m, sizeof(m),
	    (const unsigned char *)PNR_AD, sizeof(PNR_AD) - 1, NULL, out,
	    k->aead);
	sodium_memzero(m, sizeof(m));
}

void
fs_keys_pnr_encrypt(const struct fs_keys *k, const char *pnr12,
    unsigned char out[FS_PNR_CIPHER_LEN])
{
	randombytes_buf(out, FS_PNR_NONCE_LEN);
	encrypt_with_nonce(k, pnr12, out);
}

void
fs_nonce_pool_init(struct fs_nonce_pool *pool)
{
	pool->next = sizeof(pool->buf);
}

void
fs_keys_pnr_encrypt_pool(const struct fs_keys *k, const char *pnr12,
    struct fs_nonce_pool *pool, unsigned char out[FS_PNR_CIPHER_LEN])
{
	if (pool->next > sizeof(pool->buf) - FS_PNR_NONCE_LEN) {
		randombytes_buf(pool->buf, sizeof(pool->buf));
		pool->next = 0;
	}
	memcpy(out, pool->buf + pool->next, FS_PNR_NONCE_LEN);
	pool->next += FS_PNR_NONCE_LEN;
	encrypt_with_nonce(k, pnr12, out);
}

enum fs_rc
fs_keys_pnr_decrypt(const struct fs_keys *k, const unsigned char *in,
    size_t len, char out[13], struct fs_err *err)
{
	unsigned char m[PNR_LEN];
	unsigned long long mlen = 0;
	enum fs_rc rc = FS_OK;

	if (len != FS_PNR_CIPHER_LEN ||
	    crypto_aead_xchacha20poly1305_ietf_decrypt(m, &mlen, NULL,
	    in + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
	    len - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
	    (const unsigned char *)PNR_AD, sizeof(PNR_AD) - 1, in,
	    k->aead) != 0 || mlen != PNR_LEN) {
		rc = fs_err_set(err, FS_EINVAL, "personnummer",
		    "personnummer går inte att dekryptera (fel nyckel?)");
		goto out;
	}
	for (size_t i = 0; i < PNR_LEN; i++) {
		if (m[i] < '0' || m[i] > '9') {
			rc = fs_err_set(err, FS_EINVAL, "personnummer",
			    "personnummer går inte att dekryptera (fel "
			    "nyckel?)");
			goto out;
		}
	}
	memcpy(out, m, PNR_LEN);
	out[PNR_LEN] = '\0';
out:
	sodium_memzero(m, sizeof(m));
	return rc;
}

void
fs_keys_derive(const struct fs_keys *k, uint64_t id, unsigned char out[32])
{
	/*
	 * A reserved id would hand out the personnummer keys.  That is a
	 * programming error: assert in test builds, and in release builds
	 * give a random key, which protects what the reserved key guards.
	 */
	if (FS_NEVER(id < KDF_ID_FREE)) {
		randombytes_buf(out, KEY_LEN);
		return;
	}
	(void)crypto_kdf_derive_from_key(out, KEY_LEN, id, KDF_CONTEXT,
	    k->master);
}
