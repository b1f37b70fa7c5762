@echo off
rem Uploads every file added to a directory tree to a Kafka topic until 'q' or SIGTERM:
rem DataFileUploadDirectory UPLOAD_DIR --config CONFIG --topic_name TOPIC [--upload_existing] ...
rem Windows twin of bin/DataFileUploadDirectory (see bin\_launch.cmd).
setlocal
set "MSI_PROG=%~n0"
set "MSI_MODULE=uploader"
call "%~dp0_launch.cmd"
if errorlevel 1 exit /b 2
"%MSI_JAVA%" %JAVA_OPTS% -cp "%MSI_JAR%" io.msistream.tools.upload.DataFileUploadDirectory %*
exit /b %ERRORLEVEL%
