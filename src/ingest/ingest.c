/* ingest.c - being written */
