/* json.c - being written */
