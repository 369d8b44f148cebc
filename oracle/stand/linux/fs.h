/* SPDX-License-Identifier: MIT */
/* linux/fs.h - a stand-in: oracle/stand/oracle_kernel.h has what the helper uses */
#include "oracle_kernel.h"
