/* newsxml.c - being written */
