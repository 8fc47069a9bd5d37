"""Shared test things: the named test people (people.py), the one factory module (factories.py), the
hostile values every property test uses (hostile.py), and tests of the whole site."""
