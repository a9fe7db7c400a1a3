/* detect.c - being written */
