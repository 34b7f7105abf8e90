# Demo image: panel + executor with a dedicated sshd on port 2222 (SQLite inside the container).
# docker build -t sftpjail . && docker run -p 5080:5080 -p 2222:2222 sftpjail
# (Not built in CI: this machine has no Docker engine. The setup link is printed to the container log.)
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/SftpJail.Web -c Release -o /app/web \
 && dotnet publish src/SftpJail.Executor -c Release -o /app/executor \
 && dotnet publish src/SftpJail.Cli -c Release -o /app/cli

FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update && apt-get install -y --no-install-recommends openssh-server nginx \
 && rm -rf /var/lib/apt/lists/* && mkdir -p /run/sshd /var/www
COPY --from=build /app /opt/sftpjail
ENV ASPNETCORE_URLS=http://0.0.0.0:5080 \
    Executor__Mode=Spawn \
    Executor__SpawnAssemblyPath=/opt/sftpjail/executor/SftpJail.Executor.dll \
    Host__SshdMode=Dedicated \
    Host__Port=2222
EXPOSE 5080 2222
WORKDIR /opt/sftpjail/web
ENTRYPOINT ["dotnet", "SftpJail.Web.dll"]
