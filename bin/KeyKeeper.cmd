@echo off
rem Keeps the keys of encrypted topics and serves them to consumers while their producers are offline:
rem KeyKeeper --config CONFIG --topic_name T [--topic_name T2 ...] [--key_retention_days 30]
rem Windows twin of bin/KeyKeeper (see bin\_launch.cmd).
setlocal
set "MSI_PROG=%~n0"
set "MSI_MODULE=key-keeper"
call "%~dp0_launch.cmd"
if errorlevel 1 exit /b 2
"%MSI_JAVA%" %JAVA_OPTS% -cp "%MSI_JAR%" io.msistream.tools.keeper.KeyKeeper %*
exit /b %ERRORLEVEL%
