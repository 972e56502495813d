/* SPDX-License-Identifier: ISC */
/*
 * The installation's secret key and everything done with it: the key
 * file (created once by finsam init, mode 0600, outside the database),
 * authenticated encryption of personnummer at rest and the keyed hash
 * that finds a person without decrypting.  Subkeys are derived from one
 * master key with libsodium's KDF, so one file holds everything and a
 * future linkage-project key can be derived too.  Key material is kept
 * in guarded memory and wiped on free.
 */
#ifndef FS_CRYPTO_H
#define FS_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include "finsam/err.h"

struct fs_keys;

/*
 * The keyed personnummer hash as stored and indexed: the first 16 bytes
 * of a 32-byte keyed BLAKE2b (since sql/migrations/NNNN-import.sql;
 * earlier schemas stored all 32, and that migration keeps their first
 * 16).  128 bits keep
 * accidental collisions out of reach for any number of persons, and the
 * key keeps the hash from being computed without the key file.
 */
#define FS_PNR_HASH_LEN 16
/* nonce (24) + ciphertext of the 12 digits (12) + tag (16) */
#define FS_PNR_NONCE_LEN 24
#define FS_PNR_CIPHER_LEN 52
#define FS_KEY_FINGERPRINT_LEN 16

/*
 * Initialise libsodium; call once before anything else here.  FS_EIO
 * when libsodium cannot start.
 */
enum fs_rc	 fs_crypto_init(struct fs_err *err) FS_MUSTCHECK;

/*
 * The key file for the database at dbpath: $FINSAM_NYCKEL when set and
 * not empty, else "<dbpath>.nyckel".  Returned string owned by the
 * caller (free); NULL when out of memory.
 */
char		*fs_keys_default_path(const char *dbpath);

/*
 * Create a new random key file at path with mode 0600 (whatever the
 * umask) and fsync it.  Format, version 1: the line "finsam-nyckel 1",
 * then the 32-byte master key as 64 hex digits and a newline.  Refuses
 * to overwrite any existing file (O_EXCL): FS_ECONFLICT, field
 * "nyckelfil".  Other failures are FS_EIO; a partly written file is
 * removed.
 */
enum fs_rc	 fs_keys_create(const char *path, struct fs_err *err)
		    FS_MUSTCHECK;

/*
 * Load the key file at path into *out (NULL on failure); free with
 * fs_keys_free().  Errors, all with field "nyckelfil": FS_EIO when the
 * file is missing ("nyckelfilen saknas", with the remedy) or cannot be
 * read; FS_EINVAL when it is not a regular file, when its mode gives
 * group or others any access (the message says to run chmod 600), or
 * when it is not in the format above.  Messages may show the path,
 * never key material.
 */
enum fs_rc	 fs_keys_load(const char *path, struct fs_keys **out,
		    struct fs_err *err) FS_MUSTCHECK;
/* Wipe and free the keys; k may be NULL. */
void		 fs_keys_free(struct fs_keys *k);

/*
 * A fingerprint of the key (a keyed hash of a fixed text), stored in the
 * database so that opening it with the wrong key file is refused.
 */
void		 fs_keys_fingerprint(const struct fs_keys *k,
		    unsigned char out[FS_KEY_FINGERPRINT_LEN]);

/*
 * Keyed hash of the 12-digit personnummer (lookups, antal unika): the
 * first FS_PNR_HASH_LEN bytes of its keyed BLAKE2b-256; the same number
 * and key always give the same hash.
 */
void		 fs_keys_pnr_hash(const struct fs_keys *k, const char *pnr12,
		    unsigned char out[FS_PNR_HASH_LEN]);

/*
 * Encrypt the 12 digits (pnr12 is the normalised fs_pnr.digits) with
 * XChaCha20-Poly1305 and a random nonce: out is nonce (24) ||
 * ciphertext (12) || tag (16), so two encryptions of one number differ.
 */
void		 fs_keys_pnr_encrypt(const struct fs_keys *k, const char *pnr12,
		    unsigned char out[FS_PNR_CIPHER_LEN]);

/*
 * Random nonces fetched from the system in bulk: one system call per
 * FS_NONCE_POOL encryptions instead of one each, which is most of the
 * cost of encrypting a personnummer.  Each nonce is handed out once.
 * A pool belongs to one thread; it holds no secret (nonces are stored
 * in the clear with the ciphertext), so it needs no wiping.
 */
#define FS_NONCE_POOL 256
struct fs_nonce_pool {
	size_t		 next;	/* first unused byte; sizeof(buf) = empty */
	unsigned char	 buf[FS_NONCE_POOL * FS_PNR_NONCE_LEN];
};

/* An empty pool: the first encryption fills it. */
void		 fs_nonce_pool_init(struct fs_nonce_pool *pool);

/* As fs_keys_pnr_encrypt(), with the nonce taken from pool. */
void		 fs_keys_pnr_encrypt_pool(const struct fs_keys *k,
		    const char *pnr12, struct fs_nonce_pool *pool,
		    unsigned char out[FS_PNR_CIPHER_LEN]);

/*
 * Decrypt in[0..len) into out (12 digits and a NUL).  A wrong key, a
 * tampered ciphertext or a length other than FS_PNR_CIPHER_LEN gives
 * FS_EINVAL, field "personnummer", "personnummer går inte att
 * dekryptera (fel nyckel?)"; out is then untouched.
 */
enum fs_rc	 fs_keys_pnr_decrypt(const struct fs_keys *k,
		    const unsigned char *in, size_t len, char out[13],
		    struct fs_err *err) FS_MUSTCHECK;

/*
 * Derive a 32-byte subkey for a purpose numbered id (>= 16; lower ids
 * are reserved for the uses above), e.g. one per linkage project.  The
 * same key file and id always give the same subkey.  An id below 16 is
 * a programming error: it asserts in test builds and yields random
 * bytes in release builds, so a reserved key is never handed out.
 */
void		 fs_keys_derive(const struct fs_keys *k, uint64_t id,
		    unsigned char out[32]);

#endif
