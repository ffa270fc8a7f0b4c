#!/usr/bin/env python3
"""Get round trips per second with PyKMIP's own client (ProxyKmipClient), on ONE connection.

The comparison point of `cargo bench -p kmipkit --bench client` (benches/client.rs), which
runs it with the Python of PyKMIP's virtual environment against the same server, in the same
run:

  pykmip_get.py --host H --port P --cert CERT --key KEY --ca CA --uid UID
                [--version 1.4] [--seconds 1.5] [--runs 3]

ProxyKmipClient opens one TLS connection in open() and sends every request over it. Each
Get is timed whole: request encoding, the round trip, and the decoding into a pie object
(what a PyKMIP user gets). Prints one JSON line: {"ops_per_sec": median of the runs, ...}.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time

from kmip.core import enums
from kmip.pie import client as pie_client

VERSIONS = {
    "1.0": enums.KMIPVersion.KMIP_1_0,
    "1.1": enums.KMIPVersion.KMIP_1_1,
    "1.2": enums.KMIPVersion.KMIP_1_2,
    "1.3": enums.KMIPVersion.KMIP_1_3,
    "1.4": enums.KMIPVersion.KMIP_1_4,
    "2.0": enums.KMIPVersion.KMIP_2_0,
}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--ca", required=True)
    p.add_argument("--uid", required=True)
    p.add_argument("--version", default="1.4", choices=sorted(VERSIONS))
    p.add_argument("--seconds", type=float, default=1.5)
    p.add_argument("--runs", type=int, default=3)
    a = p.parse_args()

    # PyKMIP reads its TLS options from a [client] section; the arguments fill it.
    conf = tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False)
    conf.write(
        "[client]\nhost={}\nport={}\ncertfile={}\nkeyfile={}\nca_certs={}\n"
        "cert_reqs=CERT_REQUIRED\nssl_version=PROTOCOL_SSLv23\n"
        "do_handshake_on_connect=True\nsuppress_ragged_eofs=True\ntimeout=30\n".format(
            a.host, a.port, a.cert, a.key, a.ca
        )
    )
    conf.close()
    try:
        client = pie_client.ProxyKmipClient(
            config="client", config_file=conf.name, kmip_version=VERSIONS[a.version]
        )
        client.open()
        try:
            key = client.get(a.uid)
            if len(key.value) != 32:
                raise SystemExit("unexpected key length {}".format(len(key.value)))
            # Warm-up.
            end = time.perf_counter() + 0.3
            while time.perf_counter() < end:
                client.get(a.uid)
            rates = []
            total = 0
            for _ in range(a.runs):
                n = 0
                start = time.perf_counter()
                end = start + a.seconds
                while True:
                    client.get(a.uid)
                    n += 1
                    now = time.perf_counter()
                    if now >= end:
                        break
                rates.append(n / (now - start))
                total += n
        finally:
            client.close()
    finally:
        os.unlink(conf.name)
    print(
        json.dumps(
            {
                "ops_per_sec": statistics.median(rates),
                "runs": rates,
                "gets": total,
                "python": sys.version.split()[0],
            }
        )
    )


if __name__ == "__main__":
    main()
