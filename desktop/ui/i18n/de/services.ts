<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>AuditSentences</name>
    <message>
        <source>Cloister {version} started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cloister closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cloister started again on this profile; its window came forward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cloister unlocked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlocking Cloister failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cloister locked by the user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cloister locked itself after {minutes} minutes without use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administrator signed in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The encryption key&apos;s protection changed: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model {model} imported, SHA-256 {sha256}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model {model} downloaded, SHA-256 {sha256}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model {model} checked, SHA-256 {sha256}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model {model} loaded, SHA-256 {sha256}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model {model} unloaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model {model} deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New conversation started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation {conversation} opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation {conversation} renamed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation {conversation} exported as {format}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation {conversation} archived or unarchived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation {conversation} deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A message deleted from conversation {conversation}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Question asked in conversation {conversation} ({chars} characters)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model {model} answered in conversation {conversation}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Setting {setting} changed from {old} to {new}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administrator policy read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administrator policy changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network access to {target} blocked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network closed for the {target} process ({how})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit log viewed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit log exported to {target}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit bundle in {target} verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit records past the retention period removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Texts of deleted conversation {conversation} erased from the log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Integrity problem found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Integrity alarms acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The witness folder {target} could not be written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Document {document} added to {collection}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Document {document} read: {pages} pages, {chunks} passages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Document {document} made searchable by meaning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Document {document} removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Document collection changed: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store {target} started anew</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download of model {model} started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download of model {model}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation {conversation} archived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation {conversation} moved out of the archive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation {conversation} renamed to “{title}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event {event_type}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>system</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
