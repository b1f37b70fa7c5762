@echo off
rem Reconstructs files from the chunk messages of a topic: DataFileDownloadDirectory <output_dir> --config C --topic_name T [options]
rem Windows twin of bin/DataFileDownloadDirectory (see bin\_launch.cmd).
setlocal
set "MSI_PROG=%~n0"
set "MSI_MODULE=downloader"
call "%~dp0_launch.cmd"
if errorlevel 1 exit /b 2
"%MSI_JAVA%" %JAVA_OPTS% -cp "%MSI_JAR%" io.msistream.tools.download.DataFileDownloadDirectory %*
exit /b %ERRORLEVEL%
