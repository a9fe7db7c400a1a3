/* dates.c - being written */
