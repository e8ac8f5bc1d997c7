"""What the end-to-end scripts share: a failed check and their command-line arguments."""
import argparse


class Failure(Exception):
    """A check of the system under test failed: the script says what and exits 1."""


def check(cond, message):
    if not cond:
        raise Failure(message)


def parse_args(required, switches=()):
    """The script's arguments: each name in required as --name VALUE (all required), each name in
    switches as a --name flag."""
    p = argparse.ArgumentParser()
    for name in required:
        p.add_argument("--" + name, required=True)
    for name in switches:
        p.add_argument("--" + name, action="store_true")
    return p.parse_args()
