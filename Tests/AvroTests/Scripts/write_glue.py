"""Writes an Avro file shaped like AWS Glue's output: record root.DynamicRecord, ["int","null"] and
["string","null"] unions, datetimes as strings. Usage: write_glue.py FILE.
"""
import sys

import fastavro

SCHEMA = {
    "type": "record",
    "name": "DynamicRecord",
    "namespace": "root",
    "fields": [
        {"name": "id", "type": ["int", "null"]},
        {"name": "name", "type": ["string", "null"]},
        {"name": "datetime", "type": ["string", "null"]},
        {"name": "department_id", "type": ["int", "null"]},
        {"name": "job_id", "type": ["int", "null"]},
    ],
}

RECORDS = [
    {"id": 1, "name": "Harold Vogt", "datetime": "2021-11-07 02:48:42.0", "department_id": 2, "job_id": 96},
    {"id": 2, "name": "Ty Hofer", "datetime": "2021-05-30 05:43:46.0", "department_id": 8, "job_id": None},
    {"id": 3, "name": None, "datetime": None, "department_id": None, "job_id": None},
    {"id": 4, "name": "Zoë Ñúñez 東京", "datetime": "2021-02-02 12:00:00.0", "department_id": 5, "job_id": 52},
]

with open(sys.argv[1], "wb") as handle:
    fastavro.writer(handle, fastavro.parse_schema(SCHEMA), RECORDS, codec="deflate")
