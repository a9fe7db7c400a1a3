/* sentences.c - being written */
