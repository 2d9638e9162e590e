#!/usr/bin/env python3
"""The fixture of FixtureBenchmarks, by hand with Python's `cryptography`, the peer the issue compares CertKit with.

    python3 tests/CertKit.Benchmarks/python/fixture.py [iterations]    (Debian: apt-get install python3-cryptography)

A CA and a server leaf for localhost, 127.0.0.1 and ::1 (ECDSA P-256, SHA-256, the extensions CertKit gives them),
the CA certificate, leaf certificate and leaf key written as PEM files in the temp directory (as the naive C# code's
GetTempFileName does), then deleted.
Prints the median and quartiles of the steady state, and the first fixture of this process (imports excluded).
"""
import datetime
import ipaddress
import os
import statistics
import sys
import tempfile
import time

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


def fixture():
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test CA")])
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number())
          .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=30))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
          .add_extension(ca_ski, critical=False)
          .sign(ca_key, hashes.SHA256()))
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    leaf = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
            .issuer_name(ca_name).public_key(leaf_key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=7))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                                                        x509.IPAddress(ipaddress.ip_address("::1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(leaf_key.public_key()), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False)
            .sign(ca_key, hashes.SHA256()))
    contents = [ca.public_bytes(serialization.Encoding.PEM), leaf.public_bytes(serialization.Encoding.PEM),
                leaf_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())]
    paths = []
    for content in contents:
        # mkstemp: a new 0600 file in the temp directory, as the naive C# code's Path.GetTempFileName.
        fd, path = tempfile.mkstemp(suffix=".pem")
        with os.fdopen(fd, "wb") as f:
            f.write(content)
        paths.append(path)
    for path in paths:
        os.remove(path)


def main():
    iterations = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    start = time.perf_counter()
    fixture()
    first = time.perf_counter() - start
    for _ in range(200):
        fixture()
    times = []
    for _ in range(iterations):
        start = time.perf_counter()
        fixture()
        times.append(time.perf_counter() - start)
    q1, median, q3 = statistics.quantiles(times, n=4)
    import cryptography
    print(f"python cryptography {cryptography.__version__}: fixture median {median * 1e6:.0f} us "
          f"(quartiles {q1 * 1e6:.0f}-{q3 * 1e6:.0f} us, {iterations} runs); first fixture of the process {first * 1e3:.1f} ms")


if __name__ == "__main__":
    main()
