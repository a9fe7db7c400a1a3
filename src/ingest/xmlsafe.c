/* xmlsafe.c - being written */
