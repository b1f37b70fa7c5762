@echo off
rem Uploads one file to a Kafka topic and exits once every chunk is acknowledged:
rem UploadDataFile FILEPATH --config CONFIG --topic_name TOPIC [--chunk_size N] [--n_threads N]
rem Windows twin of bin/UploadDataFile (see bin\_launch.cmd).
setlocal
set "MSI_PROG=%~n0"
set "MSI_MODULE=uploader"
call "%~dp0_launch.cmd"
if errorlevel 1 exit /b 2
"%MSI_JAVA%" %JAVA_OPTS% -cp "%MSI_JAR%" io.msistream.tools.upload.UploadDataFile %*
exit /b %ERRORLEVEL%
