"""What every app's pages share: reading a request, answering a service's refusal, pages of
rows and file downloads. An app's views keep only their own specifics (their wording of a
refusal, where "back" leads)."""
