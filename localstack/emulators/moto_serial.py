"""moto's server, one request at a time: what serves DynamoDB and DynamoDB Streams to the tests.

moto's own server (`moto_server`) is threaded, and its DynamoDB is not safe under concurrency: a
conditional PutItem reads, checks and writes with no lock, and TransactWriteItems copies the table and
restores the copy on failure (erasing concurrent writes). Served one request at a time, every request is
atomic, as a conditional write is on DynamoDB. SQS long polls would block this server: they go to the
threaded instance.

Usage: python moto_serial.py --host 127.0.0.1 --port PORT
"""
import argparse
import os
import signal
import sys

from werkzeug.serving import run_simple

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    os.environ.setdefault("MOTO_PORT", str(args.port))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    app = DomainDispatcherApplication(create_backend_app)
    run_simple(args.host, args.port, app, threaded=False, processes=1, request_handler=MotoRequestHandler)


if __name__ == "__main__":
    main()
