"""Models: the requester, the contact, the meeting, its outcome; text safety; dict conversion.

The lowest layer: it imports nothing else of the project but the exceptions.
"""
