@echo off
rem Re-sends records saved in ENCRYPTED_MESSAGES/ to their topics, unchanged:
rem ReproduceUndecryptableMessages CONFIG ENCRYPTED_MESSAGES_DIR [--dry_run]
rem Windows twin of bin/ReproduceUndecryptableMessages (see bin\_launch.cmd).
setlocal
set "MSI_PROG=%~n0"
set "MSI_MODULE=reproducer"
call "%~dp0_launch.cmd"
if errorlevel 1 exit /b 2
"%MSI_JAVA%" %JAVA_OPTS% -cp "%MSI_JAR%" io.msistream.tools.reproduce.ReproduceUndecryptableMessages %*
exit /b %ERRORLEVEL%
