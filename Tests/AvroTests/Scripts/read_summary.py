"""Reads an Avro file with fastavro and prints a JSON summary: codec, user metadata, writer schema, count, records.

Usage: read_summary.py FILE [MAX_RECORDS]. Timestamps (logicalType timestamp-micros) come back from fastavro as
datetimes, which are printed as ISO 8601 strings, so the caller sees that the logical type was honoured.
"""
import datetime
import json
import sys

import fastavro


def plain(value):
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return list(value)
    return value


def main():
    path = sys.argv[1]
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    with open(path, "rb") as handle:
        reader = fastavro.reader(handle)
        records = []
        count = 0
        for record in reader:
            if count < limit:
                records.append({key: plain(value) for key, value in record.items()})
            count += 1
        metadata = {key: value for key, value in reader.metadata.items() if not key.startswith("avro.")}
        print(json.dumps({
            "codec": reader.codec,
            "metadata": metadata,
            "schema": json.loads(reader.metadata["avro.schema"]),
            "count": count,
            "records": records,
        }))


main()
