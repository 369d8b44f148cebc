/* SPDX-License-Identifier: MIT */
/*
 * base/grow.h - arrays that grow by doubling, with the overflow checks
 * written once.
 *
 *	if (grow_array(sc->events, L->nevents_cap, sc->nevents + 1, 64))
 *		return -ENOMEM...;
 *	sc->events[sc->nevents++] = ...;
 */
#ifndef GEMSIM_SIM_GROW_H
#define GEMSIM_SIM_GROW_H

#include <stddef.h>
#include <stdint.h>

/**
 * grow_to() - make the array at *@arrp hold at least @need elements.
 * @arrp: address of the array's pointer (any object pointer type).
 * @elem: size of one element.
 * @cap: its capacity in elements; doubled from @first (0: from @first)
 *       until it is at least @need.
 * @need: elements it must hold.
 * @first: the capacity of a new array.
 * @flags: GROW_ZERO to zero the elements past the old capacity (else they
 *         are not initialised), or 0.
 *
 * Nothing happens when @need fits already.
 *
 * Returns: 0, or -1 when the capacity or the byte size would overflow or
 * memory cannot be had; the array and *@cap are then untouched.
 */
int grow_to(void *arrp, size_t elem, uint32_t *cap, uint64_t need, uint32_t first, unsigned flags);

#define GROW_ZERO 0x1u

/* grow_to() for the array @arr (a pointer lvalue) with capacity @cap (a uint32_t lvalue). */
#define grow_array(arr, cap, need, first) \
	grow_to(&(arr), sizeof(*(arr)), &(cap), (need), (first), 0)
/* ... and the new elements zeroed. */
#define grow_array_zero(arr, cap, need, first) \
	grow_to(&(arr), sizeof(*(arr)), &(cap), (need), (first), GROW_ZERO)

#endif
