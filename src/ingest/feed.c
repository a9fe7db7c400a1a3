/* feed.c - being written */
