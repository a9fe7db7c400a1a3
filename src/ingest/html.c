/* html.c - being written */
