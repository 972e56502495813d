/* SPDX-License-Identifier: ISC */
/*
 * The reference data built into finsam: the 21 län and 290 kommuner
 * with their codes (SCB, CC0).  Read-only tables parsed from the
 * embedded CSV files on first use; the strings point into them.
 */
#ifndef FS_REFDATA_H
#define FS_REFDATA_H

#include <stddef.h>

#include "finsam/err.h"

struct fs_ref_lan {
	char		 kod[3];
	char		*namn;		/* "Stockholms län" */
	char		*kortnamn;	/* "Stockholm" */
};

struct fs_ref_kommun {
	char		 kod[5];
	char		*namn;		/* "Upplands Väsby kommun" */
	char		*kortnamn;	/* "Upplands Väsby" */
	char		 lan[3];
};

struct fs_refdata {
	struct fs_ref_lan	*lan;
	size_t			 nlan;
	struct fs_ref_kommun	*kommuner;
	size_t			 nkommuner;
};

/*
 * Parse the embedded reference data into r (owned by r; release with
 * fs_refdata_release()).
 */
enum fs_rc	 fs_refdata_load(struct fs_refdata *r, struct fs_err *err)
		    FS_MUSTCHECK;
void		 fs_refdata_release(struct fs_refdata *r);

#endif
