/* plaintext.c - being written */
