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

#define FS_PNR_HASH_LEN 32
/* nonce (24) + ciphertext of the 12 digits (12) + tag (16) */
#define FS_PNR_CIPHER_LEN 52
#define FS_KEY_FINGERPRINT_LEN 16

/* Initialise libsodium; call once before anything else here. */
enum fs_rc	 fs_crypto_init(struct fs_err *err) FS_MUSTCHECK;

/*
 * The key file for the database at dbpath: $FINSAM_NYCKEL when set,
 * else "<dbpath>.nyckel".  Returned string owned by the caller (free).
 */
char		*fs_keys_default_path(const char *dbpath);

/*
 * Create a new random key file at path with mode 0600; refuses to
 * overwrite an existing file (O_EXCL).
 */
enum fs_rc	 fs_keys_create(const char *path, struct fs_err *err)
		    FS_MUSTCHECK;

/*
 * Load the key file at path.  Refuses a file readable by group or
 * others, or not in the expected format.  Free with fs_keys_free().
 */
enum fs_rc	 fs_keys_load(const char *path, struct fs_keys **out,
		    struct fs_err *err) FS_MUSTCHECK;
void		 fs_keys_free(struct fs_keys *k);

/*
 * A fingerprint of the key (a keyed hash of a fixed text), stored in the
 * database so that opening it with the wrong key file is refused.
 */
void		 fs_keys_fingerprint(const struct fs_keys *k,
		    unsigned char out[FS_KEY_FINGERPRINT_LEN]);

/* Keyed hash of the 12-digit personnummer (lookups, antal unika). */
void		 fs_keys_pnr_hash(const struct fs_keys *k, const char *pnr12,
		    unsigned char out[FS_PNR_HASH_LEN]);

/* Encrypt the 12 digits with a random nonce. */
void		 fs_keys_pnr_encrypt(const struct fs_keys *k, const char *pnr12,
		    unsigned char out[FS_PNR_CIPHER_LEN]);

/*
 * Decrypt into out (12 digits and a NUL).  A wrong key or a tampered
 * ciphertext gives FS_EINVAL.
 */
enum fs_rc	 fs_keys_pnr_decrypt(const struct fs_keys *k,
		    const unsigned char *in, size_t len, char out[13],
		    struct fs_err *err) FS_MUSTCHECK;

/*
 * Derive a 32-byte subkey for a purpose numbered id (>= 16; lower ids
 * are reserved for the uses above), e.g. one per linkage project.
 */
void		 fs_keys_derive(const struct fs_keys *k, uint64_t id,
		    unsigned char out[32]);

#endif
