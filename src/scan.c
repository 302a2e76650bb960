/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * scan.c - placeholder until --list lands (see issue: See before you enter).
 */
#include "config.h"

#include "nsjoin.h"

int list_namespaces(const struct options *opt)
{
	(void)opt;
	return fail("--list is not implemented yet");
}
