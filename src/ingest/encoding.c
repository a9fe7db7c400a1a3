/* encoding.c - being written */
