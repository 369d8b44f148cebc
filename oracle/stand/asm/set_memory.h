/* SPDX-License-Identifier: MIT */
/* asm/set_memory.h - a stand-in: oracle/stand/oracle_kernel.h has what the helper uses */
#include "oracle_kernel.h"
