@echo off
rem Runs a real single-node Kafka broker until Ctrl-C or SIGTERM: LocalKafkaBroker [--port 9092] [--data-dir DIR]
rem Windows twin of bin/LocalKafkaBroker (see bin\_launch.cmd).
setlocal
set "MSI_PROG=%~n0"
set "MSI_MODULE=local-broker"
call "%~dp0_launch.cmd"
if errorlevel 1 exit /b 2
"%MSI_JAVA%" %JAVA_OPTS% -cp "%MSI_JAR%" io.msistream.broker.LocalKafkaBrokerMain %*
exit /b %ERRORLEVEL%
