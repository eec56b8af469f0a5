/* Growable arrays. */
#ifndef OT_GROW_H
#define OT_GROW_H

#include <stddef.h>

/* p (of *cap elements of size bytes) with room for need elements: the
 * capacity doubled from 1024 as often as it takes.  Exits 1 when memory
 * runs out, or when the size overflows. */
void *ot_grow_slow(void *p, size_t *cap, size_t need, size_t size);

/* Inline, since most calls find the room there already. */
static inline void *ot_grow(void *p, size_t *cap, size_t need, size_t size)
{
	return need <= *cap ? p : ot_grow_slow(p, cap, need, size);
}

#endif
