"""Replica <-> hub synchronisation over the change log."""
