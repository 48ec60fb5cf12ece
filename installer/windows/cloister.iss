; Cloister's Windows installer (Inno Setup 6.4 or later). See installer/README.md.
;
;   iscc /DAppVersion=0.1.0 /DSourceDir=..\..\dist\Cloister installer\windows\cloister.iss
;
; Installs the one-folder bundle of build.spec (Cloister.exe, cloister-cli.exe, _internal\).
; For all users (admin; the default) or the current user only: a dialog asks, or /ALLUSERS or
; /CURRENTUSER on the command line. IT installs silently:
;
;   Cloister-0.1.0-windows-x64-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /ALLUSERS
;       [/POLICY="\\server\share\policy.json"] [/AIRGAPPED] [/LOG="C:\Windows\Temp\cloister-setup.log"]
;
; /POLICY copies the administrator's policy (installer/POLICY.md) to
; %ProgramData%\Cloister\policy.json, writable by Administrators and SYSTEM only.
; /AIRGAPPED (or the "air-gapped" task in the wizard) adds Windows Firewall rules named
; "Cloister air gap" that block every connection of Cloister's executables, in and out;
; an air-gapped Cloister checks them at start and refuses to run without them. Uninstalling
; removes them.
; Uninstalling keeps the user's data (%APPDATA%\Cloister: conversations, key, audit log) unless
; the user says yes when asked, or the uninstaller gets /PURGE. It never removes the policy.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\Cloister"
#endif
; "-vulkan" for the Vulkan variant's installer (release workflow); the CPU one has none.
#ifndef Variant
  #define Variant ""
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
#define AppName "Cloister"
#define AppExe "Cloister.exe"
#define CliExe "cloister-cli.exe"
; desktop/sandbox/windows_firewall.py looks for rules of this name: keep the two the same.
#define FirewallRule "Cloister air gap"

[Setup]
; AppId identifies the product across versions (upgrades, uninstall entry): never change it.
AppId={{6DD560B9-C232-42A0-A780-48BD1831D54B}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Cloister
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#OutputDir}
OutputBaseFilename=Cloister-{#AppVersion}-windows-x64{#Variant}-setup
SetupIconFile=..\..\assets\cloister.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
LZMAUseSeparateProcess=yes
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "airgap"; Description: "Block all network access for Cloister in Windows Firewall (air-gapped)"; GroupDescription: "Security:"; Flags: unchecked; Check: IsAdminInstallMode

[UninstallRun]
; The rules name programs that are gone now; netsh deletes every rule of that name.
Filename: "{sys}\netsh.exe"; Parameters: "advfirewall firewall delete rule name=""{#FirewallRule}"""; Flags: runhidden; RunOnceId: "DeleteFirewallRules"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the whole bundle: no library of an older version may linger.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
const
  // Well-known SIDs, so that the ACL is right on every language of Windows.
  AdminsFull = '*S-1-5-32-544:(OI)(CI)F';
  SystemFull = '*S-1-5-18:(OI)(CI)F';
  UsersRead = '*S-1-5-32-545:(OI)(CI)RX';

function HasSwitch(const Name: String): Boolean;
var
  I: Integer;
begin
  Result := False;
  for I := 1 to ParamCount do
    if CompareText(ParamStr(I), Name) = 0 then
      Result := True;
end;

function PolicySource(): String;
begin
  Result := ExpandConstant('{param:POLICY|}');
  if Result <> '' then
    Result := ExpandFileName(Result);
end;

function PolicyFolder(): String;
begin
  Result := ExpandConstant('{commonappdata}\{#AppName}');
end;

// Refused before anything is installed, with the reason (silent installs: exit code 7 and
// the reason in the /LOG file).
function PrepareToInstall(var NeedsRestart: Boolean): String;
var
  Source: String;
begin
  Result := '';
  if HasSwitch('/AIRGAPPED') and not IsAdminInstallMode() then
  begin
    Result := 'Firewall rules are machine-wide: install for all users (/ALLUSERS, as an administrator) to use /AIRGAPPED.';
    Exit;
  end;
  Source := PolicySource();
  if Source = '' then
    Exit;
  if not IsAdminInstallMode() then
    Result := 'A policy file is machine-wide: install for all users (/ALLUSERS, as an administrator) to deploy one.'
  else if not FileExists(Source) then
    Result := 'The policy file "' + Source + '" does not exist or cannot be read.';
end;

procedure DeployPolicy();
var
  Source, Folder, Target: String;
  ResultCode: Integer;
begin
  Source := PolicySource();
  if Source = '' then
    Exit;
  Folder := PolicyFolder();
  Target := Folder + '\policy.json';
  if not ForceDirectories(Folder) then
    RaiseException('Could not create ' + Folder + '.');
  if FileExists(Target) and not DeleteFile(Target) then
    RaiseException('Could not replace ' + Target + '.');
  if not CopyFile(Source, Target, False) then
    RaiseException('Could not copy the policy file to ' + Target + '.');
  // ProgramData lets users create files in its subfolders: cut that inheritance, then
  // Administrators and SYSTEM may write, Users only read (the folder and the file).
  if not Exec(ExpandConstant('{sys}\icacls.exe'),
      '"' + Folder + '" /inheritance:r /grant:r ' + AdminsFull + ' ' + SystemFull + ' ' +
      UsersRead + ' /T /Q', '', SW_HIDE, ewWaitUntilTerminated, ResultCode) or (ResultCode <> 0) then
    RaiseException('Could not restrict the permissions of ' + Folder + ' (icacls exit code ' +
      IntToStr(ResultCode) + ').');
  Log('Policy deployed to ' + Target + ' (Administrators, SYSTEM: full; Users: read).');
end;

function AirGapped(): Boolean;
begin
  Result := HasSwitch('/AIRGAPPED') or WizardIsTaskSelected('airgap');
end;

procedure AddFirewallRule(const Exe, Direction: String);
var
  ResultCode: Integer;
begin
  if not Exec(ExpandConstant('{sys}\netsh.exe'),
      'advfirewall firewall add rule name="{#FirewallRule}" dir=' + Direction +
      ' action=block enable=yes profile=any program="' + ExpandConstant('{app}\') + Exe + '"',
      '', SW_HIDE, ewWaitUntilTerminated, ResultCode) or (ResultCode <> 0) then
    RaiseException('Could not add the Windows Firewall rule for ' + Exe + ' (netsh exit code ' +
      IntToStr(ResultCode) + ').');
end;

// The air gap Windows enforces: Cloister.exe (the window and its model worker) and
// cloister-cli.exe may neither connect nor listen. Old rules of the same name go first, so
// that an upgrade to another folder leaves no rule for a program that is gone.
procedure AddFirewallRules();
var
  ResultCode: Integer;
begin
  if not AirGapped() then
    Exit;
  Exec(ExpandConstant('{sys}\netsh.exe'), 'advfirewall firewall delete rule name="{#FirewallRule}"',
    '', SW_HIDE, ewWaitUntilTerminated, ResultCode);
  AddFirewallRule('{#AppExe}', 'out');
  AddFirewallRule('{#AppExe}', 'in');
  AddFirewallRule('{#CliExe}', 'out');
  AddFirewallRule('{#CliExe}', 'in');
  Log('Windows Firewall rules "{#FirewallRule}" added (in and out, every profile).');
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if CurStep = ssPostInstall then
  begin
    DeployPolicy();
    AddFirewallRules();
  end;
end;

// The user's data is theirs: kept unless /PURGE, or the user says yes (default: no). A
// silent uninstall never asks. Only the data of the user running the uninstaller.
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Data: String;
  Purge: Boolean;
begin
  if CurUninstallStep <> usPostUninstall then
    Exit;
  Data := ExpandConstant('{userappdata}\{#AppName}');
  if not DirExists(Data) then
    Exit;
  Purge := HasSwitch('/PURGE');
  if not Purge and not UninstallSilent() then
    Purge := SuppressibleMsgBox('Also delete your Cloister data in ' + Data + '?' + #13#10#13#10 +
      'It holds your conversations, your encryption key and the audit log. They cannot be ' +
      'recovered. Choose No to keep them for a later installation.',
      mbConfirmation, MB_YESNO or MB_DEFBUTTON2, IDNO) = IDYES;
  if Purge then
  begin
    if DelTree(Data, True, True, True) then
      Log('Deleted ' + Data)
    else
      Log('Could not delete all of ' + Data);
  end
  else
    Log('Kept the user data in ' + Data);
end;
