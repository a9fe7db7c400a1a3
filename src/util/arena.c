/* arena.c - bump allocator for per-article scratch, freed in one call. */
#include "parley/util.h"

#include <stdlib.h>
#include <string.h>

struct block {
	struct block *next;
	size_t cap, used;
	_Alignas(16) unsigned char data[];
};

struct pl_arena {
	struct block *head; /* current block; the first block is last in the chain */
	size_t block_size;
};

static struct block *block_new(size_t cap)
{
	struct block *b = malloc(sizeof *b + cap);
	if (!b)
		return NULL;
	b->next = NULL;
	b->cap = cap;
	b->used = 0;
	return b;
}

struct pl_arena *pl_arena_create(size_t block_size)
{
	struct pl_arena *a = malloc(sizeof *a);
	if (!a)
		return NULL;
	a->block_size = block_size ? block_size : 64 * 1024;
	a->head = block_new(a->block_size);
	if (!a->head) {
		free(a);
		return NULL;
	}
	return a;
}

void pl_arena_destroy(struct pl_arena *a)
{
	if (!a)
		return;
	for (struct block *b = a->head, *n; b; b = n) {
		n = b->next;
		free(b);
	}
	free(a);
}

void *pl_arena_alloc(struct pl_arena *a, size_t n)
{
	size_t need = (n + 15) & ~(size_t)15; /* keep every allocation 16-aligned */
	if (need < n)
		return NULL;
	struct block *b = a->head;
	if (b->cap - b->used < need) {
		/* Oversized requests get a block of their own. */
		size_t cap = need > a->block_size ? need : a->block_size;
		struct block *nb = block_new(cap);
		if (!nb)
			return NULL;
		nb->next = b;
		a->head = b = nb;
	}
	void *p = b->data + b->used;
	b->used += need;
	return p;
}

char *pl_arena_strndup(struct pl_arena *a, const char *s, size_t n)
{
	char *p = pl_arena_alloc(a, n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void pl_arena_clear(struct pl_arena *a)
{
	struct block *b = a->head;
	while (b->next) {
		struct block *n = b->next;
		free(b);
		b = n;
	}
	b->used = 0;
	a->head = b;
}
