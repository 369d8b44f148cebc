/* SPDX-License-Identifier: MIT */
/*
 * base/version.h - the version gemsim reports (`--version`, the
 * otherData of a --trace file).  The build may define it.
 */
#ifndef GEMSIM_SIM_VERSION_H
#define GEMSIM_SIM_VERSION_H

#ifndef GEMSIM_VERSION
#define GEMSIM_VERSION "0.1.0"
#endif

#endif
