@echo off
rem Provisions a KafkaCrypto node (what KafkaCrypto's simple-provision does) into config_files/<node id>/:
rem   ProvisionNode                      asks the questions (passwords without echo)
rem   ProvisionNode --node-id ID --role 2 --topics "t1 t2" --rot-password-file F1 \
rem                 --provisioning-password-file F2 --yes          scripted
rem   ProvisionNode --script-path simple-provision.py              runs an external script with python3
rem ProvisionNode --help lists every option.
rem Windows twin of bin/ProvisionNode (see bin\_launch.cmd).
setlocal
set "MSI_PROG=%~n0"
set "MSI_MODULE=provision-tool"
call "%~dp0_launch.cmd"
if errorlevel 1 exit /b 2
"%MSI_JAVA%" %JAVA_OPTS% -cp "%MSI_JAR%" io.msistream.tools.provision.ProvisionNode %*
exit /b %ERRORLEVEL%
