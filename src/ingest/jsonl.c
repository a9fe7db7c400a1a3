/* jsonl.c - being written */
