"""Events other apps listen to, so that profiles never imports them (matching refreshes
suggestions; reverse alerts go out). Profile services send them with transaction.on_commit,
once, so listeners see committed data and act at once (they register no on_commit of their
own):

    transaction.on_commit(lambda: organization_changed.send(
        sender=Organization, organization_id=org.pk, reason="listing.updated"))
"""

from django.dispatch import Signal

# An organization's profile, listings or publication state changed (kwargs: organization_id,
# reason). The matcher refreshes the suggestions this change can affect.
organization_changed = Signal()

# A listing became public (kwargs: listing_id). The matcher sends reverse alerts.
listing_published = Signal()

# A register import changed many organizations at once (kwargs: organization_ids, listing_ids
# of the listings it made public, created_organization_ids of those it added). Sent once per
# import, after commit, instead of the two signals above for every row: the matcher refreshes
# them together and queues one batch of alerts.
directory_imported = Signal()
