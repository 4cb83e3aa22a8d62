-- Mutualiser: booking events (a request, a partner's booking, an answer, a cancellation,
-- a lapse) are in-app notifications too, about a booking (`booking_id`) instead of a
-- post, and their mails follow a topic of their own, `bookings`. At once, the mail is the
-- booking's own (its answer links, its .ics), so the notification is not mailed again;
-- in the daily summary, the summary carries it; never, no mail.
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN
    ('reply', 'reply_accepted', 'reply_declined', 'message', 'expiry_soon', 'expired', 'volunteer',
     'connection', 'post_hidden', 'post_restored', 'network_invitation',
     'volunteer_withdrawn', 'mission_reminder',
     'booking_requested', 'booking_partner', 'booking_accepted', 'booking_declined',
     'booking_cancelled', 'booking_lapsed'));
ALTER TABLE notifications
    ADD COLUMN booking_id BIGINT CONSTRAINT notifications_booking_fk REFERENCES bookings (id) ON DELETE CASCADE;
CREATE INDEX notifications_booking_idx ON notifications (booking_id) WHERE booking_id IS NOT NULL;

ALTER TABLE mail_preferences DROP CONSTRAINT mail_preferences_topic_check;
ALTER TABLE mail_preferences ADD CONSTRAINT mail_preferences_topic_check CHECK (topic IN
    ('replies', 'messages', 'decisions', 'connections', 'moderation', 'volunteers', 'missions',
     'expiry', 'invitations', 'bookings'));
