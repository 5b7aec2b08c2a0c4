// The Avro module.
