"""Reference data every app builds on: SCIAN 2018 activity codes, the 18 municipalities of Querétaro
(with their boundaries), Mexico's MSME size rule (DOF 2009) and the RFC check. Its data files and their
sources are in reference/data. Imports only core."""
