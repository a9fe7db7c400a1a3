/* textdate.c - being written */
