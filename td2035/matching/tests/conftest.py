from td2035.directory.tests.people import fast_passwords  # noqa: F401
