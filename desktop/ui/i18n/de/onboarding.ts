<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Set up {app}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step {number} of {count}. {text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1. Privacy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2. Protection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>3. Recovery key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>4. Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start chatting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The previous step.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The next step.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create the key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creates the key that encrypts your data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opens an empty chat with the chosen model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quits Cloister.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelPage</name>
    <message>
        <source>fits this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tight fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>too large for the memory free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A model for this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model that answers. You can change it any time on the Models page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Installed models:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Installed models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the model Cloister answers with; each says whether it fits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking at this computer&apos;s memory…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download the recommended model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloads it from the catalog&apos;s address and checks it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import from a USB stick or folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import from a USB stick or folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copies the GGUF models of a folder you choose into Cloister, checked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This computer has {size} of memory free.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No larger model from the catalog fits it comfortably.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recommended for it: &lt;b&gt;{name}&lt;/b&gt;, {good_for}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It is installed: choose it above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} · {size} · {fit}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import models from a USB stick or folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copying and checking {name}…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProtectionPage</name>
    <message>
        <source>Protecting your data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How the key to your conversations is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create the key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the key in this computer&apos;s keychain (recommended)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to type at start; you stay signed in with your computer account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock with a passphrase I type at each start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asked every time Cloister starts; nobody else can open it without it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At least {count} characters. A few unrelated words are easy to remember and hard to guess. If you forget it, only the recovery key (next step) opens your data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at least {count} characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the same passphrase again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creating the key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{problem}. Choose a passphrase instead.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecoveryKeyPanel</name>
    <message>
        <source>If the passphrase is forgotten or this computer&apos;s keychain is lost, this key is the only way to open your conversations. It is shown only now. Keep it away from this computer: on paper, or in your firm&apos;s password safe.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recovery key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The one-time recovery key; select it to copy it by hand.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the recovery key to the clipboard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save to file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the recovery key as a text file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print the recovery key on paper.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I have stored it safely</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I have stored the recovery key safely</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Required before going on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the recovery key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text files (*.txt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save {path}: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved to {path}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print the recovery key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{app} recovery key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It opens your conversations if the passphrase is forgotten or this computer&apos;s keychain is lost. Keep it away from this computer.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecoveryPage</name>
    <message>
        <source>Your recovery key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shown only now. Keep it somewhere safe, away from this computer.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StarterHint</name>
    <message>
        <source>The starter model is fine for trying Cloister, not for real work: its answers are often wrong. Add a larger model from the Models page.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StarterNotice</name>
    <message>
        <source>Models…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opens the Models page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hides this notice for good.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StepList</name>
    <message>
        <source>Step {number} of {count}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Welcome to {app}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What stays private, and how.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;It runs on this computer.&lt;/b&gt; The AI model works on this computer&apos;s own processor, in a separate process. Your questions and documents are never sent anywhere.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;No network.&lt;/b&gt; The only network access is an optional model download on the Models page, which your administrator can turn off; in air-gapped mode every network access is blocked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Everything stored is encrypted.&lt;/b&gt; Conversations, documents and the audit log are encrypted on disk (AES-256) with a key that only you can unlock.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;An audit trail.&lt;/b&gt; Who did what and when (unlocking, model loads, exports, deletions) is recorded in a tamper-evident log your administrator can verify.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The next steps protect your key and choose a model. They take a minute.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
