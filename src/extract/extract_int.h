/* extract_int.h - helpers shared inside src/extract (private). */
#ifndef PARLEY_EXTRACT_INT_H
#define PARLEY_EXTRACT_INT_H

#include "parley/events.h"

/* Free everything one event owns and zero it (the event itself is not freed). */
void pl_event_clear(struct pl_event *e);

#endif
