#!/usr/bin/env python3
"""PyKMIP's own client against a KMIP server: conformance seen from the other side.

Drives PyKMIP 0.11's ProxyKmipClient (and, for AES-GCM, whose tag and additional data the
ProxyKmipClient does not expose, PyKMIP's own message classes over the same connection)
through a symmetric key's whole life, in one KMIP version:

  create -> get attributes (Pre-Active) -> activate -> get (and check the key) -> locate
  -> get attribute list -> encrypt/decrypt with AES-CBC (checked against `cryptography`)
  -> encrypt/decrypt with AES-GCM + additional data (1.4 and 2.0; a bad tag must fail)
  -> destroy of the Active key refused -> revoke (Key Compromise) -> destroy -> get fails.

Usage: client_ops.py --config PYKMIP_CLIENT_CONF --version {1.2,1.4,2.0}

The configuration file is PyKMIP's ([client] host, port, certfile, keyfile, ca_certs, ...).
Prints one line per step; exits 0 when every step passed, 1 (with the reason) otherwise.
"""

import argparse
import datetime
import os
import sys
import time

from cryptography.hazmat.primitives import padding as sym_padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kmip.core import attributes as core_attributes
from kmip.core import enums
from kmip.core.factories import attributes as attribute_factory
from kmip.core.messages import messages, payloads
from kmip.core.messages.contents import Operation
from kmip.pie import client as pie_client
from kmip.pie import exceptions as pie_exceptions
from kmip.pie import objects as pie_objects

VERSIONS = {
    "1.2": enums.KMIPVersion.KMIP_1_2,
    "1.4": enums.KMIPVersion.KMIP_1_4,
    "2.0": enums.KMIPVersion.KMIP_2_0,
}


class StepFailed(Exception):
    pass


def check(condition, what):
    if not condition:
        raise StepFailed(what)


def step(name, detail=""):
    print(f"ok   {name} {detail}".rstrip(), flush=True)


def expect_failure(call, reasons, what):
    """Runs `call`, which must fail with one of `reasons`; returns the failure."""
    try:
        call()
    except pie_exceptions.KmipOperationFailure as e:
        check(e.reason in reasons, f"{what}: expected {reasons}, got {e.reason} ({e.message})")
        return e
    raise StepFailed(f"{what}: expected a failure, the server said Success")


def attribute_values(attributes):
    """{attribute name: [values]} from PyKMIP Attribute objects."""
    out = {}
    for a in attributes:
        name = a.attribute_name.value
        value = a.attribute_value
        out.setdefault(name, []).append(value)
    return out


def state_of(client, uid):
    _, attrs = client.get_attributes(uid, ["State"])
    values = attribute_values(attrs).get("State", [])
    check(len(values) == 1, f"one State attribute, got {attrs}")
    return values[0].value


def send_one(client, operation, payload):
    """Sends one batch item through PyKMIP's own message layer; returns the response item."""
    item = messages.RequestBatchItem(operation=Operation(operation), request_payload=payload)
    request = client.proxy._build_request_message(None, [item])
    response = client.proxy._send_and_receive_message(request)
    return response.batch_items[0]


def gcm(client, uid, version_name):
    params = core_attributes.CryptographicParameters(
        block_cipher_mode=enums.BlockCipherMode.GCM,
        cryptographic_algorithm=enums.CryptographicAlgorithm.AES,
        tag_length=16,
    )
    iv = os.urandom(12)
    aad = b"keystore-header"
    data = b"a key-encryption key, 32 bytes!!"
    item = send_one(
        client,
        enums.Operation.ENCRYPT,
        payloads.EncryptRequestPayload(
            unique_identifier=uid,
            cryptographic_parameters=params,
            data=data,
            iv_counter_nonce=iv,
            auth_additional_data=aad,
        ),
    )
    check(
        item.result_status.value == enums.ResultStatus.SUCCESS,
        f"GCM Encrypt: {item.result_reason} {item.result_message}",
    )
    ciphertext = item.response_payload.data
    tag = item.response_payload.auth_tag
    check(tag is not None and len(tag) == 16, f"a 16-byte tag, got {tag!r}")
    return iv, aad, data, ciphertext, tag, params


def gcm_decrypt(client, uid, params, ciphertext, iv, aad, tag):
    return send_one(
        client,
        enums.Operation.DECRYPT,
        payloads.DecryptRequestPayload(
            unique_identifier=uid,
            cryptographic_parameters=params,
            data=ciphertext,
            iv_counter_nonce=iv,
            auth_additional_data=aad,
            auth_tag=tag,
        ),
    )


def run(config, version_name):
    version = VERSIONS[version_name]
    v2 = version_name.startswith("2.")
    lifecycle_refusal = (
        enums.ResultReason.WRONG_KEY_LIFECYCLE_STATE
        if v2
        else enums.ResultReason.PERMISSION_DENIED
    )
    client = pie_client.ProxyKmipClient(config="client", config_file=config, kmip_version=version)
    with client:
        name = f"pykmip-{version_name}-{os.getpid()}-{time.time_ns()}"
        uid = client.create(
            enums.CryptographicAlgorithm.AES,
            256,
            name=name,
            cryptographic_usage_mask=[
                enums.CryptographicUsageMask.ENCRYPT,
                enums.CryptographicUsageMask.DECRYPT,
            ],
        )
        check(isinstance(uid, str) and uid, f"a Unique Identifier, got {uid!r}")
        step("create", uid)

        returned_uid, attrs = client.get_attributes(
            uid,
            ["State", "Cryptographic Algorithm", "Cryptographic Length", "Name", "Object Type"],
        )
        values = attribute_values(attrs)
        check(returned_uid == uid, f"Get Attributes of {uid} answered for {returned_uid}")
        check(values["State"][0].value == enums.State.PRE_ACTIVE, f"Pre-Active, got {values}")
        check(
            values["Cryptographic Algorithm"][0].value == enums.CryptographicAlgorithm.AES,
            f"AES, got {values}",
        )
        check(values["Cryptographic Length"][0].value == 256, f"256 bits, got {values}")
        check(values["Object Type"][0].value == enums.ObjectType.SYMMETRIC_KEY, f"{values}")
        names = [n.name_value.value for n in values.get("Name", [])]
        check(names == [name], f"the Name, got {names}")
        step("get-attributes", "Pre-Active, AES, 256, name")

        client.activate(uid)
        check(state_of(client, uid) == enums.State.ACTIVE, "Active after Activate")
        expect_failure(lambda: client.activate(uid), [lifecycle_refusal], "a second Activate")
        step("activate", "and a second Activate is refused")

        key = client.get(uid)
        check(isinstance(key, pie_objects.SymmetricKey), f"a SymmetricKey, got {type(key)}")
        check(key.cryptographic_algorithm == enums.CryptographicAlgorithm.AES, "AES")
        check(key.cryptographic_length == 256 and len(key.value) == 32, "32 key bytes")
        step("get", "32-byte AES key")

        factory = attribute_factory.AttributeFactory()
        found = client.locate(
            attributes=[factory.create_attribute(enums.AttributeType.NAME, name)]
        )
        check(found == [uid], f"Locate by Name finds [{uid}], got {found}")
        found = client.locate(
            attributes=[
                factory.create_attribute(
                    enums.AttributeType.OBJECT_TYPE, enums.ObjectType.SYMMETRIC_KEY
                ),
                factory.create_attribute(
                    enums.AttributeType.CRYPTOGRAPHIC_ALGORITHM,
                    enums.CryptographicAlgorithm.AES,
                ),
            ]
        )
        check(uid in found, f"Locate by Object Type and Algorithm finds {uid}, got {found}")
        check(client.locate(maximum_items=1) != [], "Locate with Maximum Items 1")
        step("locate", f"by name, by type and algorithm ({len(found)} keys)")

        names_listed = client.get_attribute_list(uid)
        for wanted in ["State", "Name", "Cryptographic Algorithm", "Unique Identifier"]:
            check(wanted in names_listed, f"{wanted} in Get Attribute List, got {names_listed}")
        step("get-attribute-list", f"{len(names_listed)} attributes")

        # AES-CBC with PKCS#5 padding, with the client's IV, checked with `cryptography`.
        cbc = {
            "cryptographic_algorithm": enums.CryptographicAlgorithm.AES,
            "block_cipher_mode": enums.BlockCipherMode.CBC,
            "padding_method": enums.PaddingMethod.PKCS5,
        }
        iv = os.urandom(16)
        plaintext = b"forty-one bytes of data to encrypt, padded"
        ciphertext, server_iv = client.encrypt(plaintext, uid, cbc, iv)
        check(server_iv is None, "no IV returned when the client gave one")
        padder = sym_padding.PKCS7(128).padder()
        padded = padder.update(plaintext) + padder.finalize()
        enc = Cipher(algorithms.AES(key.value), modes.CBC(iv)).encryptor()
        check(
            ciphertext == enc.update(padded) + enc.finalize(),
            "the CBC ciphertext matches cryptography's",
        )
        check(client.decrypt(ciphertext, uid, cbc, iv) == plaintext, "CBC round trip")
        ciphertext, server_iv = client.encrypt(plaintext, uid, cbc)
        check(server_iv is not None and len(server_iv) == 16, "a server-made IV is returned")
        check(client.decrypt(ciphertext, uid, cbc, server_iv) == plaintext, "with its IV")
        step("encrypt/decrypt", "AES-256-CBC PKCS5, client and server IVs")

        if version_name != "1.2":
            iv, aad, data, ciphertext, tag, params = gcm(client, uid, version_name)
            expected = AESGCM(key.value).encrypt(iv, data, aad)
            check(ciphertext + tag == expected, "the GCM ciphertext and tag match cryptography's")
            item = gcm_decrypt(client, uid, params, ciphertext, iv, aad, tag)
            check(item.result_status.value == enums.ResultStatus.SUCCESS, f"GCM Decrypt: {item.result_message}")
            check(item.response_payload.data == data, "GCM round trip")
            bad = bytes([tag[0] ^ 1]) + tag[1:]
            item = gcm_decrypt(client, uid, params, ciphertext, iv, aad, bad)
            check(
                item.result_status.value == enums.ResultStatus.OPERATION_FAILED
                and item.result_reason.value == enums.ResultReason.CRYPTOGRAPHIC_FAILURE,
                f"a bad tag is a Cryptographic Failure, got {item.result_status} {item.result_reason}",
            )
            step("encrypt/decrypt", "AES-256-GCM with additional data; a bad tag fails")

        failure = expect_failure(
            lambda: client.destroy(uid), [lifecycle_refusal], "Destroy of an Active key"
        )
        check("revoke" in (failure.message or ""), f"a helpful message, got {failure.message!r}")
        step("destroy refused", failure.message)

        client.revoke(
            enums.RevocationReasonCode.KEY_COMPROMISE,
            uid,
            revocation_message="test: compromised on purpose",
            compromise_occurrence_date=int(time.time()) - 60,
        )
        check(state_of(client, uid) == enums.State.COMPROMISED, "Compromised after Revoke")
        step("revoke", "Key Compromise -> Compromised")

        client.destroy(uid)
        check(
            state_of(client, uid) == enums.State.DESTROYED_COMPROMISED,
            "Destroyed Compromised after Destroy",
        )
        gone = (
            [enums.ResultReason.OBJECT_DESTROYED]
            if v2
            else [enums.ResultReason.ITEM_NOT_FOUND]
        )
        expect_failure(lambda: client.get(uid), gone, "Get of a destroyed key")
        step("destroy", "Destroyed Compromised; Get now fails")

        # A key that was never activated can be destroyed directly.
        other = client.create(enums.CryptographicAlgorithm.AES, 128)
        client.destroy(other)
        check(state_of(client, other) == enums.State.DESTROYED, "Destroyed")
        step("destroy", "a Pre-Active key")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True, help="PyKMIP client configuration file")
    parser.add_argument("--version", required=True, choices=sorted(VERSIONS))
    args = parser.parse_args()
    print(f"PyKMIP client, KMIP {args.version}, {datetime.datetime.now().isoformat()}", flush=True)
    try:
        run(args.config, args.version)
    except StepFailed as e:
        print(f"FAIL {e}", flush=True)
        return 1
    except Exception as e:  # a PyKMIP exception: parsing, connection, ...
        print(f"FAIL {type(e).__name__}: {e}", flush=True)
        return 1
    print(f"PASS KMIP {args.version}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
