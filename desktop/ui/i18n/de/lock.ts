<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>AdminPassphraseDialog</name>
    <message>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>{action} needs the administrator passphrase.</source>
        <translation>{action}: Dafür ist die Passphrase des Administrators erforderlich.</translation>
    </message>
    <message>
        <source>Administrator passphrase</source>
        <translation>Passphrase des Administrators</translation>
    </message>
    <message>
        <source>The passphrase your administrator set for changes to Cloister&apos;s policy</source>
        <translation>Die Passphrase, die Ihr Administrator für Änderungen an den Richtlinien von Cloister festgelegt hat</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Checks the passphrase and goes on</source>
        <translation>Prüft die Passphrase und fährt fort</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Leaves everything as it is</source>
        <translation>Lässt alles unverändert</translation>
    </message>
</context>
<context>
    <name>ChoosePassphraseDialog</name>
    <message>
        <source>Choose a passphrase</source>
        <translation>Passphrase festlegen</translation>
    </message>
    <message>
        <source>At least {count} characters.</source>
        <translation>Mindestens {count} Zeichen.</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>Passphrase again</source>
        <translation>Passphrase wiederholen</translation>
    </message>
    <message>
        <source>Type the same passphrase again.</source>
        <translation>Geben Sie dieselbe Passphrase noch einmal ein.</translation>
    </message>
    <message>
        <source>Again</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>A passphrase needs at least {count} characters.</source>
        <translation>Eine Passphrase muss mindestens {count} Zeichen lang sein.</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>Die beiden Passphrasen stimmen nicht überein.</translation>
    </message>
</context>
<context>
    <name>LockController</name>
    <message>
        <source>Locked after {minutes} minutes without activity. Your conversations are hidden until you unlock.</source>
        <translation>Nach {minutes} Minuten ohne Aktivität gesperrt. Ihre Unterhaltungen bleiben verborgen, bis Sie entsperren.</translation>
    </message>
    <message>
        <source>Locked by you. Your conversations are hidden until you unlock.</source>
        <translation>Von Ihnen gesperrt. Ihre Unterhaltungen bleiben verborgen, bis Sie entsperren.</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Cloister is locked</source>
        <translation>Cloister ist gesperrt</translation>
    </message>
    <message>
        <source>Your Cloister passphrase</source>
        <translation>Ihre Cloister-Passphrase</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>Type your Cloister passphrase and press Enter to unlock</source>
        <translation>Geben Sie Ihre Cloister-Passphrase ein und drücken Sie die Eingabetaste, um zu entsperren</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Entsperren</translation>
    </message>
    <message>
        <source>Shows your conversations again</source>
        <translation>Zeigt Ihre Unterhaltungen wieder an</translation>
    </message>
    <message>
        <source>Unlock with the system keychain</source>
        <translation>Mit dem Schlüsselspeicher des Systems entsperren</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Password needed</source>
        <translation>Passwort erforderlich</translation>
    </message>
    <message>
        <source>{name} is protected with a password. Type it to index the document, or skip it.</source>
        <translation>{name} ist durch ein Passwort geschützt. Geben Sie es ein, um das Dokument zu indizieren, oder überspringen Sie es.</translation>
    </message>
    <message>
        <source>Document password</source>
        <translation>Passwort des Dokuments</translation>
    </message>
    <message>
        <source>The password that opens {name}</source>
        <translation>Das Passwort, mit dem sich {name} öffnen lässt</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Opens the document with this password and indexes it</source>
        <translation>Öffnet das Dokument mit diesem Passwort und indiziert es</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>Überspringen</translation>
    </message>
    <message>
        <source>Leaves the document unread; it can be indexed again later</source>
        <translation>Lässt das Dokument ungelesen; es kann später erneut indiziert werden</translation>
    </message>
</context>
<context>
    <name>RecoveryKeyDialog</name>
    <message>
        <source>Your recovery key</source>
        <translation>Ihr Wiederherstellungsschlüssel</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>Unlock</source>
        <translation>Entsperren</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>The passphrase chosen at the first start.</source>
        <translation>Die beim ersten Start festgelegte Passphrase.</translation>
    </message>
    <message>
        <source>Recovery key</source>
        <translation>Wiederherstellungsschlüssel</translation>
    </message>
    <message>
        <source>The recovery key shown once at the first start.</source>
        <translation>Der Wiederherstellungsschlüssel, der beim ersten Start einmalig angezeigt wurde.</translation>
    </message>
    <message>
        <source>Use the recovery key instead</source>
        <translation>Stattdessen den Wiederherstellungsschlüssel verwenden</translation>
    </message>
    <message>
        <source>Unlock with the recovery key when the passphrase is lost.</source>
        <translation>Mit dem Wiederherstellungsschlüssel entsperren, wenn die Passphrase verloren ist.</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>Your conversations are encrypted. Unlock them to start.</source>
        <translation>Ihre Unterhaltungen sind verschlüsselt. Entsperren Sie sie, um zu beginnen.</translation>
    </message>
</context>
</TS>
