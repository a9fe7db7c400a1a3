/* boiler.c - being written */
