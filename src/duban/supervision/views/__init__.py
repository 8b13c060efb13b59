"""Pages of the supervision app: notices (notices.py) and direct investigations
(investigations.py); what they share is in support.py."""
